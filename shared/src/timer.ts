/**
 * The shared timer as a pure state machine. The server owns the only instance of each board's
 * timer and feeds it its own clock; clients only render a state they were sent.
 */

/** Where a timer is in its life. */
export type TimerStatus = 'idle' | 'running' | 'paused' | 'finished';

/** A timer as it travels in `session:state` and is stored. Times are in server milliseconds. */
export interface TimerState {
  status: TimerStatus;
  /** The agenda step this timer belongs to. */
  step: number;
  /** The timebox, extensions included. */
  durationMs: number;
  /** Server epoch time at which it reaches zero, only while running. */
  endsAt?: number;
  /** Time left, only while paused. */
  remainingMs?: number;
}

/** An idle timer for `step` with its timebox. */
export function idleTimer(step: number, durationMs: number): TimerState {
  return { status: 'idle', step, durationMs };
}

/** Starts (or restarts) the timer for its step with `durationMs`. */
export function startTimer(timer: TimerState, durationMs: number, now: number): TimerState {
  return { status: 'running', step: timer.step, durationMs, endsAt: now + durationMs };
}

/** Pauses a running timer, keeping what is left; any other state is returned as it is. */
export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'running' || timer.endsAt === undefined) return timer;
  const remainingMs = timer.endsAt - now;
  if (remainingMs <= 0) return finishTimer(timer);
  return { status: 'paused', step: timer.step, durationMs: timer.durationMs, remainingMs };
}

/** Resumes a paused timer from what it had left; any other state is returned as it is. */
export function resumeTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'paused' || timer.remainingMs === undefined) return timer;
  return { status: 'running', step: timer.step, durationMs: timer.durationMs, endsAt: now + timer.remainingMs };
}

/**
 * Adds `ms` (negative takes time away). A running timer moves its end; a paused one gains remaining time;
 * a finished one runs again for `ms`; an idle one gets a longer timebox.
 */
export function extendTimer(timer: TimerState, ms: number, now: number): TimerState {
  const durationMs = Math.max(0, timer.durationMs + ms);
  switch (timer.status) {
    case 'running': {
      const endsAt = (timer.endsAt ?? now) + ms;
      if (endsAt <= now) return finishTimer({ ...timer, durationMs });
      return { status: 'running', step: timer.step, durationMs, endsAt };
    }
    case 'paused': {
      const remainingMs = (timer.remainingMs ?? 0) + ms;
      if (remainingMs <= 0) return finishTimer({ ...timer, durationMs });
      return { status: 'paused', step: timer.step, durationMs, remainingMs };
    }
    case 'finished':
      if (ms <= 0) return timer;
      return { status: 'running', step: timer.step, durationMs, endsAt: now + ms };
    case 'idle':
      return { status: 'idle', step: timer.step, durationMs };
  }
}

/** The timer at zero. */
export function finishTimer(timer: TimerState): TimerState {
  return { status: 'finished', step: timer.step, durationMs: timer.durationMs, remainingMs: 0 };
}

/** Advances a running timer whose end has come; the server calls it from its own clock. */
export function tickTimer(timer: TimerState, now: number): TimerState {
  if (timer.status === 'running' && timer.endsAt !== undefined && now >= timer.endsAt) return finishTimer(timer);
  return timer;
}

/** Milliseconds left at `now` (server time), never negative. */
export function remainingMs(timer: TimerState, now: number): number {
  switch (timer.status) {
    case 'running':
      return Math.max(0, (timer.endsAt ?? now) - now);
    case 'paused':
      return Math.max(0, timer.remainingMs ?? 0);
    case 'finished':
      return 0;
    case 'idle':
      return timer.durationMs;
  }
}

/** `m:ss` (or `h:mm:ss`), rounding up so the display reaches 0:00 exactly at zero. */
export function formatRemaining(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

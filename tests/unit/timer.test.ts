import { describe, expect, it } from 'vitest';
import {
  extendTimer,
  finishTimer,
  formatRemaining,
  idleTimer,
  pauseTimer,
  remainingMs,
  resumeTimer,
  startTimer,
  tickTimer,
} from '@sessionboard/shared';

const T0 = 1_700_000_000_000;
const FIVE_MIN = 300_000;

describe('timer state machine', () => {
  it('T1: idle shows its whole timebox and starts with it', () => {
    const idle = idleTimer(1, FIVE_MIN);
    expect(remainingMs(idle, T0)).toBe(FIVE_MIN);
    const running = startTimer(idle, FIVE_MIN, T0);
    expect(running).toEqual({ status: 'running', step: 1, durationMs: FIVE_MIN, endsAt: T0 + FIVE_MIN });
    expect(remainingMs(running, T0 + 1000)).toBe(FIVE_MIN - 1000);
  });

  it('T2: pause keeps what is left, resume continues from it', () => {
    const running = startTimer(idleTimer(0, FIVE_MIN), FIVE_MIN, T0);
    const paused = pauseTimer(running, T0 + 60_000);
    expect(paused).toEqual({ status: 'paused', step: 0, durationMs: FIVE_MIN, remainingMs: 240_000 });
    expect(remainingMs(paused, T0 + 999_999)).toBe(240_000);
    const resumed = resumeTimer(paused, T0 + 500_000);
    expect(resumed.status).toBe('running');
    expect(resumed.endsAt).toBe(T0 + 500_000 + 240_000);
  });

  it('T3: pause and resume are no-ops in the wrong state', () => {
    const idle = idleTimer(0, FIVE_MIN);
    expect(pauseTimer(idle, T0)).toBe(idle);
    expect(resumeTimer(idle, T0)).toBe(idle);
    const running = startTimer(idle, FIVE_MIN, T0);
    expect(resumeTimer(running, T0)).toBe(running);
  });

  it('T4: extend moves a running end, adds to a paused remainder, restarts a finished timer', () => {
    const running = startTimer(idleTimer(0, FIVE_MIN), FIVE_MIN, T0);
    const longer = extendTimer(running, 60_000, T0 + 10);
    expect(longer.endsAt).toBe(T0 + FIVE_MIN + 60_000);
    expect(longer.durationMs).toBe(FIVE_MIN + 60_000);
    const paused = pauseTimer(running, T0 + 100_000);
    const pausedLonger = extendTimer(paused, 60_000, T0 + 200_000);
    expect(pausedLonger).toMatchObject({ status: 'paused', remainingMs: 260_000 });
    const finished = finishTimer(running);
    const again = extendTimer(finished, 60_000, T0 + 400_000);
    expect(again).toMatchObject({ status: 'running', endsAt: T0 + 460_000 });
    expect(extendTimer(idleTimer(0, FIVE_MIN), 60_000, T0)).toEqual(idleTimer(0, FIVE_MIN + 60_000));
  });

  it('T5: taking away more time than is left finishes the timer', () => {
    const running = startTimer(idleTimer(0, FIVE_MIN), FIVE_MIN, T0);
    expect(extendTimer(running, -FIVE_MIN, T0 + 1).status).toBe('finished');
    const paused = pauseTimer(running, T0 + 1000);
    expect(extendTimer(paused, -FIVE_MIN, T0 + 2000).status).toBe('finished');
  });

  it('T6: finishes exactly at zero, not a millisecond before', () => {
    const running = startTimer(idleTimer(2, FIVE_MIN), FIVE_MIN, T0);
    expect(tickTimer(running, T0 + FIVE_MIN - 1)).toBe(running);
    expect(tickTimer(running, T0 + FIVE_MIN)).toEqual({ status: 'finished', step: 2, durationMs: FIVE_MIN, remainingMs: 0 });
    expect(remainingMs(running, T0 + FIVE_MIN + 5000)).toBe(0);
    expect(pauseTimer(running, T0 + FIVE_MIN).status).toBe('finished');
  });

  it('formats remaining time rounding up, so 0:00 shows exactly at zero', () => {
    expect(formatRemaining(FIVE_MIN)).toBe('5:00');
    expect(formatRemaining(299_001)).toBe('5:00');
    expect(formatRemaining(299_000)).toBe('4:59');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-50)).toBe('0:00');
    expect(formatRemaining(3_600_000 + 61_000)).toBe('1:01:01');
  });
});

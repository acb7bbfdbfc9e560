import { useEffect, useRef, useState } from 'react';

const MUTE_KEY = 'sessionboard:muted';

/** A short two-note chime, made with the Web Audio API (no sound file to load). */
function playChime(): void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const notes = [880, 1318.5];
  notes.forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t = ctx.currentTime + i * 0.22;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.65);
  });
  setTimeout(() => void ctx.close(), 1500);
}

/**
 * Plays the chime when `over` turns from false to true while this page watches (the countdown reaching
 * zero), unless muted (remembered). `undefined` means the timer is not known yet; a timer that was
 * already over when the page opened stays quiet: the banner says so, and a late chime only startles.
 */
export function useChime(over: boolean | undefined): { muted: boolean; toggle: () => void } {
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');
  const last = useRef<boolean | undefined>(undefined);
  useEffect(() => {
    const previous = last.current;
    last.current = over;
    if (previous !== false || over !== true || muted) return;
    try {
      playChime();
    } catch {
      // Browsers may refuse audio before a user gesture; the banner still shows.
    }
  }, [over, muted]);
  return {
    muted,
    toggle: () =>
      setMuted((m) => {
        localStorage.setItem(MUTE_KEY, m ? '0' : '1');
        return !m;
      }),
  };
}

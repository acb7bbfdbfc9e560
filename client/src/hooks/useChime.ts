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

/** Plays the chime once each time `finishedKey` becomes a new non-null value, unless muted (remembered). */
export function useChime(finishedKey: string | null): { muted: boolean; toggle: () => void } {
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');
  const last = useRef<string | null>(finishedKey);
  useEffect(() => {
    if (finishedKey !== null && finishedKey !== last.current && !muted) {
      try {
        playChime();
      } catch {
        // Browsers may refuse audio before a user gesture; the banner still shows.
      }
    }
    last.current = finishedKey;
  }, [finishedKey, muted]);
  return {
    muted,
    toggle: () =>
      setMuted((m) => {
        localStorage.setItem(MUTE_KEY, m ? '0' : '1');
        return !m;
      }),
  };
}

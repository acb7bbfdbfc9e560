import { useEffect, useState } from 'react';

/** This device's `Date.now()`, re-rendered every `intervalMs` (timers add their server offset to it). */
export function useTicker(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

import { useEffect, useState } from 'react';

/**
 * Seconds left of a wait the server asked for (a 429's `Retry-After`), ticking down to 0; `start(n)`
 * begins a new wait. A form shows it and keeps its button off until it ends.
 */
export function useCountdown(): { left: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      // Stop ticking once the wait is over (one last render shows 0 and re-enables the button).
      if (at >= until) clearInterval(t);
    }, 250);
    return () => clearInterval(t);
  }, [until]);
  return {
    left: Math.max(0, Math.ceil((until - now) / 1000)),
    start: (seconds) => {
      setNow(Date.now());
      setUntil(Date.now() + seconds * 1000);
    },
  };
}

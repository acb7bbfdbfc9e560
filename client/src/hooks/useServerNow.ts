import { useEffect, useState } from 'react';
import { useBoardStore } from '../store/boardStore.ts';

/** Server time (our clock plus the measured offset), re-rendered every `intervalMs`. */
export function useServerNow(intervalMs = 200): number {
  const offset = useBoardStore((s) => s.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now + offset;
}

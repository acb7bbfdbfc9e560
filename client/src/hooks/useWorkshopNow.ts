import { useEffect, useState } from 'react';
import { useWorkshopStore } from '../store/workshopStore.ts';

/** Server time (our clock plus the workshop connection's measured offset), re-rendered every `intervalMs`. */
export function useWorkshopNow(intervalMs = 500): number {
  const offset = useWorkshopStore((s) => s.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now + offset;
}

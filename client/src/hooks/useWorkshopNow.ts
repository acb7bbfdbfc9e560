import { useWorkshopStore } from '../store/workshopStore.ts';
import { useTicker } from './useTicker.ts';

/** Server time (our clock plus the workshop connection's measured offset), re-rendered every `intervalMs`. */
export function useWorkshopNow(intervalMs = 500): number {
  const offset = useWorkshopStore((s) => s.clockOffsetMs);
  return useTicker(intervalMs) + offset;
}

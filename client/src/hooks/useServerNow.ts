import { useBoardStore } from '../store/boardStore.ts';
import { useTicker } from './useTicker.ts';

/** Server time (our clock plus the board connection's measured offset), re-rendered every `intervalMs`. */
export function useServerNow(intervalMs = 200): number {
  const offset = useBoardStore((s) => s.clockOffsetMs);
  return useTicker(intervalMs) + offset;
}

/** The shape a projector tile reads best in (width over height). */
const TILE_ASPECT = 1.4;

/**
 * Columns and rows for `count` tiles in an area `aspect` times wider than high: the split whose tiles,
 * kept at {@link TILE_ASPECT}, come out largest. 30 groups on a 16:9 screen's tile area give 6 × 5.
 */
export function tileGrid(count: number, aspect: number): { cols: number; rows: number } {
  let best = { cols: 1, rows: Math.max(1, count), size: 0 };
  for (let cols = 1; cols <= Math.max(1, count); cols++) {
    const rows = Math.max(1, Math.ceil(count / cols));
    const size = Math.min(aspect / cols / TILE_ASPECT, 1 / rows);
    if (size > best.size) best = { cols, rows, size };
  }
  return { cols: best.cols, rows: best.rows };
}

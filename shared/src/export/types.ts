import type { BoardSnapshot } from '../board/schema.ts';
import type { Settings } from '../session.ts';

/** Everything an export needs: the board, vote totals as everyone may see them, and who took part. */
export interface ExportInput {
  board: BoardSnapshot;
  /** Totals per card id; empty when votes are hidden. */
  votes: Record<string, number>;
  votesHidden: boolean;
  settings: Settings;
  step: number;
  participants: string[];
  /** Epoch ms; fixed in tests so output is repeatable. */
  exportedAt: number;
}

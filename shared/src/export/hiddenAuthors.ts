import { authorHidden } from '../session.ts';
import type { ExportInput } from './types.ts';

/**
 * The export's input with the authors of cards the board keeps anonymous left out (every weakness
 * while `anonymousWeaknesses` is on, also those written before it was switched on). Every export
 * reads its cards through this, so no format can forget it.
 */
export function withHiddenAuthors(input: ExportInput): ExportInput {
  if (!input.board.cards.some((c) => authorHidden(input.settings, c.kind))) return input;
  const cards = input.board.cards.map((c) =>
    authorHidden(input.settings, c.kind) ? { ...c, author: '', authorId: '', mergedAuthors: [] } : c,
  );
  return { ...input, board: { ...input.board, cards } };
}

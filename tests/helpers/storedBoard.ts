import { readBoard } from '@sessionboard/shared';
import type { CardSnapshot } from '@sessionboard/shared';
import type { BoardStore } from '../../server/src/store/BoardStore.ts';
import { storedDocument } from '../../server/src/rooms/SnapshotEncoder.ts';

/** The cards a store holds for a board: its snapshot and raw updates, applied to a fresh document. */
export async function storedCards(store: Pick<BoardStore, 'loadDoc'>, board: string): Promise<CardSnapshot[]> {
  const stored = await store.loadDoc(board);
  const doc = storedDocument(stored.snapshot, stored.updates);
  try {
    return readBoard(doc).cards;
  } finally {
    doc.destroy();
  }
}

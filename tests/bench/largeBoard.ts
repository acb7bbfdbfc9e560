import { addCard, createBoardDoc, initBoardDoc } from '@sessionboard/shared';
import * as Y from 'yjs';

/** Frames our server accepts are at most 1 MiB; each chunk of the large board stays under this. */
const CHUNK_BYTES = 900 * 1024;
const KINDS = ['strength', 'weakness', 'question', 'note'] as const;

function cardText(i: number): string {
  // 2,000 characters (the card text limit) that differ from card to card.
  let s = `Card ${i}: `;
  let x = i * 2654435761;
  while (s.length < 2000) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += `${x.toString(36)} `;
  }
  return s.slice(0, 2000);
}

/** A large board as the updates that build it, and its encoded size. */
export interface LargeBoard {
  updates: Uint8Array[];
  bytes: number;
}

/**
 * A board of about `mb` MB built with the board's own mutations (`addCard`), as updates of under
 * 1 MiB each (our server refuses larger frames), in the order they must be applied.
 */
export function largeBoardUpdates(mb: number): LargeBoard {
  const doc = createBoardDoc();
  initBoardDoc(doc, {
    title: 'Large board',
    team: 'bench',
    template: 'mentoring-session',
    createdAt: Date.now(),
  });
  const updates: Uint8Array[] = [];
  let sv: Uint8Array = new Uint8Array([0]);
  let pendingBytes = 0;
  let i = 0;
  const flush = () => {
    updates.push(Y.encodeStateAsUpdate(doc, sv));
    sv = Y.encodeStateVector(doc);
    pendingBytes = 0;
  };
  let total = 0;
  while (total < mb * 1e6) {
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    // A fixed order key spares addCard its scan for the last card (quadratic over thousands of cards).
    addCard(doc, {
      kind,
      text: cardText(i),
      author: `member ${i % 8}`,
      authorId: `bench-author-${i % 8}`,
      order: `V${i.toString(36).padStart(4, '0')}`,
    });
    pendingBytes += 2100;
    total += 2100;
    i++;
    if (pendingBytes >= CHUNK_BYTES) flush();
  }
  flush();
  const bytes = Y.encodeStateAsUpdate(doc).length;
  doc.destroy();
  return { updates, bytes };
}

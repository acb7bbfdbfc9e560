/**
 * A board filled before the hostile phase, as a long run fills it with honest cards (25 a second for
 * 30 minutes is 45,000): a short run with `--prefill N` meets the costs of a large board at once.
 */
import { addCard } from '@sessionboard/shared';
import { syncStep2Frame } from '@sessionboard/shared/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/** N small cards like the honest clients', as one update. */
export function prefillUpdate(cards: number): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < cards; i++) {
    // A fixed order key spares addCard its scan for the last card (quadratic over thousands of cards).
    addCard(doc, { kind: i % 3 === 0 ? 'note' : i % 2 ? 'strength' : 'weakness', text: `Prefilled card ${i}`, author: 'Prefill', authorId: 'prefill', order: `P${i.toString(36).padStart(5, '0')}` });
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Sends `update` to the board as a joining y-websocket client's sync step 2 (up to 16 MiB), then waits until it is read. */
export async function prefillBoard(wsUrl: string, update: Uint8Array): Promise<void> {
  const ws = new WebSocket(wsUrl, { maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(syncStep2Frame(update));
  await new Promise<void>((resolve) => {
    ws.once('pong', () => resolve());
    ws.ping();
  });
  ws.close();
}

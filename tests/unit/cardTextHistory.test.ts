import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ORIGINS, addCard, cardTextHistory, createBoardDoc, readCardText, spliceCardText } from '@sessionboard/shared';

/** Two replicas of one board, each update handed to the other as a remote change. */
function pair(): [Y.Doc, Y.Doc] {
  const a = createBoardDoc();
  const b = createBoardDoc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, u, 'peer'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, u, 'peer'));
  return [a, b];
}

describe('C5: undo in a shared card takes back only your own typing', () => {
  it('undoes and redoes my edit while leaving what someone else typed meanwhile', async () => {
    const [ann, ben] = pair();
    const id = addCard(ann, { kind: 'note', text: 'Pair', author: 'Ann', authorId: 'a' });
    const history = cardTextHistory(ann, id);
    spliceCardText(ann, id, { index: 4, deleteCount: 0, insert: ' on reviews' }, ORIGINS.local);
    spliceCardText(ben, id, { index: 0, deleteCount: 0, insert: 'Ben: ' }, ORIGINS.local);
    expect(readCardText(ann, id)).toBe('Ben: Pair on reviews');
    expect(history.undo()).toBe(true);
    expect(readCardText(ann, id)).toBe('Ben: Pair');
    expect(readCardText(ben, id)).toBe('Ben: Pair');
    expect(history.redo()).toBe(true);
    expect(readCardText(ben, id)).toBe('Ben: Pair on reviews');
    history.destroy();
  });

  it('groups keystrokes typed in one breath, and has nothing to undo at first', async () => {
    const doc = createBoardDoc();
    const id = addCard(doc, { kind: 'note', text: '', author: 'Ann', authorId: 'a' });
    const history = cardTextHistory(doc, id);
    expect(history.undo()).toBe(false);
    for (const ch of 'abc') spliceCardText(doc, id, { index: readCardText(doc, id).length, deleteCount: 0, insert: ch }, ORIGINS.local);
    await new Promise((r) => setTimeout(r, 600));
    spliceCardText(doc, id, { index: 3, deleteCount: 0, insert: 'd' }, ORIGINS.local);
    expect(history.undo()).toBe(true);
    expect(readCardText(doc, id)).toBe('abc');
    expect(history.undo()).toBe(true);
    expect(readCardText(doc, id)).toBe('');
    history.destroy();
  });
});

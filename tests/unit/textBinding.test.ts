import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_CARD_TEXT_CHARS, addCard, anchorInCardText, createBoardDoc, readCardText, resolveTextAnchor } from '@sessionboard/shared';
import { TextBinding, spliceFromInput } from '../../client/src/sync/textBinding.ts';
import type { TextView } from '../../client/src/sync/textBinding.ts';

/**
 * A textarea stand-in: a value and a selection, changed the way a browser changes them (typing
 * replaces the selection and puts the caret after the typed text; a programmatic replace keeps the
 * selection as `setRangeText(…, 'preserve')` does).
 */
class FakeTextarea implements TextView {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  focused = true;
  binding: TextBinding | null = null;
  composing = false;

  replace(index: number, deleteCount: number, insert: string): void {
    this.value = this.value.slice(0, index) + insert + this.value.slice(index + deleteCount);
    const delta = insert.length - deleteCount;
    const move = (p: number) => (p > index + deleteCount ? p + delta : p > index ? index : p);
    this.selectionStart = move(this.selectionStart);
    this.selectionEnd = move(this.selectionEnd);
  }
  setValue(text: string): void {
    this.value = text;
    this.selectionStart = this.selectionEnd = text.length; // what a browser does: the caret jumps to the end
  }
  select(start: number, end: number): void {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  /** The person clicks at `index`. */
  caret(index: number): void {
    this.select(index, index);
  }
  /** The person types `text` one key at a time at the caret. */
  type(text: string): void {
    for (const ch of text) {
      this.replaceSelection(ch);
      if (!this.composing) this.binding?.input();
    }
  }
  backspace(): void {
    if (this.selectionStart === this.selectionEnd && this.selectionStart > 0) this.selectionStart--;
    this.replaceSelection('');
    this.binding?.input();
  }
  private replaceSelection(text: string): void {
    const { selectionStart: s, selectionEnd: e } = this;
    this.value = this.value.slice(0, s) + text + this.value.slice(e);
    this.selectionStart = this.selectionEnd = s + text.length;
  }
}

/** Two or three people's documents that exchange updates only when the test says so. */
function people(n: number, text: string) {
  const docs = Array.from({ length: n }, () => createBoardDoc());
  const id = addCard(docs[0]!, { kind: 'strength', text, author: 'Ann', authorId: 'ann' });
  sync(docs);
  const views = docs.map((doc) => {
    const view = new FakeTextarea();
    view.binding = new TextBinding(doc, id, view);
    return view;
  });
  return { docs, id, views };
}

function sync(docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
}

describe('typing into a card, character by character', () => {
  it('places a letter typed next to the same letter where the caret is, not where a diff guesses', () => {
    expect(spliceFromInput('An', 'Ann', 2)).toEqual({ index: 1, deleteCount: 0, insert: 'n' });
    expect(spliceFromInput('An', 'Ann', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'n' });
    expect(spliceFromInput('Ann', 'An', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' });
    expect(spliceFromInput('Ann', 'Ann', 1)).toBeNull();
    // A paste over a selection: "pair" replaced by "meet" in the middle.
    expect(spliceFromInput('We pair often', 'We meet often', 7)).toEqual({ index: 3, deleteCount: 4, insert: 'meet' });
  });

  it('C3: a caret stays by its text when someone else types before it', () => {
    const { docs, id, views } = people(2, 'Still: We pair often');
    const [a, b] = views as [FakeTextarea, FakeTextarea];
    a.caret(7);
    b.caret(0);
    b.type('Really: ');
    sync(docs);
    expect(a.value).toBe('Really: Still: We pair often');
    expect([a.selectionStart, a.selectionEnd]).toEqual([15, 15]);
    a.type('now ');
    sync(docs);
    expect(readCardText(docs[0]!, id)).toBe('Really: Still: now We pair often');
    expect(readCardText(docs[1]!, id)).toBe('Really: Still: now We pair often');
    expect(b.value).toBe('Really: Still: now We pair often');
    expect(b.selectionStart).toBe(8); // B's caret stayed after B's own words
  });

  it('C3: a selection keeps its characters when text is inserted before, inside and after it', () => {
    const { docs, views } = people(2, 'We pair often');
    const [a, b] = views as [FakeTextarea, FakeTextarea];
    a.select(3, 7); // "pair"
    b.caret(0);
    b.type('So ');
    b.caret(b.value.length);
    b.type('!');
    sync(docs);
    expect(a.value.slice(a.selectionStart, a.selectionEnd)).toBe('pair');
  });

  it('C4: two people typing at once, each at their own caret, keep every character in one run each', () => {
    const { docs, id, views } = people(2, 'Still: We pair often on hard tickets');
    const [a, b] = views as [FakeTextarea, FakeTextarea];
    a.caret(7);
    b.caret(b.value.length);
    const wordA = 'really ';
    const wordB = ', with Ben';
    // Keystrokes alternate, and updates cross in flight: each side sometimes types twice before hearing.
    for (let i = 0; i < Math.max(wordA.length, wordB.length); i++) {
      if (i < wordA.length) a.type(wordA[i]!);
      if (i % 3 !== 2) sync(docs);
      if (i < wordB.length) b.type(wordB[i]!);
      if (i % 2 === 0) sync(docs);
    }
    sync(docs);
    const final = readCardText(docs[0]!, id);
    expect(final).toBe('Still: really We pair often on hard tickets, with Ben');
    expect(a.value).toBe(final);
    expect(b.value).toBe(final);
  });

  it('C4: three people typing at the same caret keep each word whole and agree', () => {
    const { docs, id, views } = people(3, 'Who: ');
    views.forEach((v) => v.caret(5));
    const words = ['Ann', 'Ben', 'Cleo'];
    for (let i = 0; i < 4; i++) {
      views.forEach((v, n) => {
        const ch = words[n]![i];
        if (ch) v.type(ch);
      });
      sync(docs); // every keystroke crosses the others' before anyone hears it
    }
    const final = readCardText(docs[0]!, id);
    for (const doc of docs) expect(readCardText(doc, id)).toBe(final);
    for (const view of views) expect(view.value).toBe(final);
    for (const word of words) expect(final).toContain(word);
    expect(final.length).toBe('Who: '.length + 10);
  });

  it('keeps the 2,000-character limit on typing, and shows what the document kept', () => {
    const { docs, id, views } = people(1, 'x'.repeat(MAX_CARD_TEXT_CHARS - 1));
    const [a] = views as [FakeTextarea];
    a.caret(0);
    a.type('ab');
    expect(readCardText(docs[0]!, id)).toBe('a' + 'x'.repeat(MAX_CARD_TEXT_CHARS - 1));
    expect(a.value).toBe(readCardText(docs[0]!, id));
    expect(a.selectionStart).toBe(1);
    a.backspace();
    expect(readCardText(docs[0]!, id).length).toBe(MAX_CARD_TEXT_CHARS - 1);
  });

  it('writes nothing during an IME composition, then the composed text once, where it started', () => {
    const { docs, id, views } = people(2, 'Ideas: ');
    const [a, b] = views as [FakeTextarea, FakeTextarea];
    a.caret(7);
    a.binding!.compositionStart();
    a.composing = true;
    a.type('かんじ'); // the IME's intermediate text: not written
    expect(readCardText(docs[0]!, id)).toBe('Ideas: ');
    b.caret(0);
    b.type('New ');
    sync(docs); // arrives mid-composition: the view is left alone
    expect(a.value).toBe('Ideas: かんじ');
    a.select(7, 10);
    a.type('漢字'); // the IME commits its choice over the composed text
    a.composing = false;
    a.binding!.compositionEnd();
    expect(a.value).toBe('New Ideas: 漢字');
    expect(a.selectionStart).toBe('New Ideas: 漢字'.length);
    sync(docs);
    expect(b.value).toBe('New Ideas: 漢字');
    expect(readCardText(docs[1]!, id)).toBe('New Ideas: 漢字');
  });

  it('anchors resolve after concurrent edits and survive a round trip through JSON (presence)', () => {
    const { docs, id } = people(2, 'abcdef');
    const anchor = anchorInCardText(docs[0]!, id, 3, -1)!;
    const wire = JSON.parse(JSON.stringify(anchor)) as typeof anchor;
    views0Insert(docs[1]!, id);
    sync(docs);
    expect(resolveTextAnchor(docs[0]!, id, wire)).toBe(5);
    expect(resolveTextAnchor(docs[1]!, id, wire)).toBe(5);
    expect(resolveTextAnchor(docs[0]!, id, { nonsense: true })).toBeNull();
  });
});

function views0Insert(doc: Y.Doc, id: string): void {
  const view = new FakeTextarea();
  view.binding = new TextBinding(doc, id, view);
  view.caret(0);
  view.type('XY');
  view.binding.destroy();
}

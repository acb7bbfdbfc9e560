/**
 * Every change to a board document, each one `doc.transact(fn, origin)`. Callers pass plain values;
 * nothing outside this folder creates or reads Yjs types.
 */
import * as Y from 'yjs';
import { randomId } from '../ids.ts';
import { MAX_CARD_TEXT_CHARS } from '../limits.ts';
import type { CardKind } from './cardKinds.ts';
import { compareOrder, keyBetween } from './order.ts';
import { ORIGINS } from './origins.ts';
import type { Origin } from './origins.ts';
import { cardsMap, readBoard, readCard } from './schema.ts';

/** Fields a new card may start with. */
export interface NewCard {
  kind: CardKind;
  text: string;
  author: string;
  authorId: string;
  /** Where it sorts; by default after the last card of its kind. */
  order?: string;
  links?: string[];
  measure?: string;
  owner?: string;
  due?: string;
  goal?: string;
  source?: string;
  /** Creation time; by default now. */
  createdAt?: number;
  /** Fixed id (imports); by default a new random one. */
  id?: string;
}

/** Plain fields that `updateCardFields` may set. */
export interface CardFields {
  measure?: string;
  owner?: string;
  due?: string;
  goal?: string;
  done?: boolean;
}

function getCard(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const card = cardsMap(doc).get(id);
  return card instanceof Y.Map ? (card as Y.Map<unknown>) : null;
}

function clip(text: string): string {
  return text.length > MAX_CARD_TEXT_CHARS ? text.slice(0, MAX_CARD_TEXT_CHARS) : text;
}

/** The order key that puts a new card after every card of `kind`. */
export function orderAtEnd(doc: Y.Doc, kind: string): string {
  let last: { order: string; id: string } | null = null;
  // Reads two fields per card rather than whole snapshots: this runs on every add.
  for (const [id, value] of cardsMap(doc).entries()) {
    if (!(value instanceof Y.Map) || value.get('kind') !== kind) continue;
    const order = value.get('order');
    const card = { id, order: typeof order === 'string' && order.length > 0 ? order : 'V' };
    if (last === null || compareOrder(card, last) > 0) last = card;
  }
  return keyBetween(last?.order ?? null, null);
}

/** Adds a card and returns its id. */
export function addCard(doc: Y.Doc, input: NewCard, origin: Origin = ORIGINS.local): string {
  const id = input.id ?? randomId(16);
  doc.transact(() => {
    const card = new Y.Map<unknown>();
    card.set('id', id);
    card.set('kind', input.kind);
    card.set('text', new Y.Text(clip(input.text)));
    card.set('author', input.author);
    card.set('authorId', input.authorId);
    card.set('createdAt', input.createdAt ?? Date.now());
    card.set('order', input.order ?? orderAtEnd(doc, input.kind));
    card.set('links', Y.Array.from(input.links ?? []));
    if (input.kind === 'goal') {
      card.set('measure', input.measure ?? '');
      card.set('owner', input.owner ?? '');
      card.set('due', input.due ?? '');
      if (input.source) card.set('source', input.source);
    }
    if (input.kind === 'backlog') {
      card.set('goal', input.goal ?? '');
      card.set('owner', input.owner ?? '');
      card.set('done', false);
    }
    cardsMap(doc).set(id, card);
  }, origin);
  return id;
}

/**
 * Replaces a card's text with `next` by the smallest edit (common prefix and suffix kept), so two
 * people typing in one card merge instead of overwriting each other.
 */
export function setCardText(doc: Y.Doc, id: string, next: string, origin: Origin = ORIGINS.local): void {
  const card = getCard(doc, id);
  if (!card) return;
  const wanted = clip(next);
  doc.transact(() => {
    let text = card.get('text');
    if (!(text instanceof Y.Text)) {
      // Another tool wrote plain text: upgrade it so later edits merge.
      text = new Y.Text(typeof text === 'string' ? text : '');
      card.set('text', text);
    }
    const ytext = text as Y.Text;
    const current = ytext.toString();
    if (current === wanted) return;
    let start = 0;
    const max = Math.min(current.length, wanted.length);
    while (start < max && current[start] === wanted[start]) start++;
    let end = 0;
    while (end < max - start && current[current.length - 1 - end] === wanted[wanted.length - 1 - end]) end++;
    const removed = current.length - start - end;
    if (removed > 0) ytext.delete(start, removed);
    const inserted = wanted.slice(start, wanted.length - end);
    if (inserted.length > 0) ytext.insert(start, inserted);
  }, origin);
}

/** Sets plain fields of a goal or backlog item. */
export function updateCardFields(doc: Y.Doc, id: string, fields: CardFields, origin: Origin = ORIGINS.local): void {
  const card = getCard(doc, id);
  if (!card) return;
  doc.transact(() => {
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      card.set(field, typeof value === 'string' ? clip(value) : value);
    }
  }, origin);
}

/** Blanks a card's authors (an anonymous weakness: every member's browser holds the whole document). */
function clearAuthors(card: Y.Map<unknown>): void {
  card.set('author', '');
  card.set('authorId', '');
  if (card.has('mergedAuthors')) card.delete('mergedAuthors');
}

/**
 * Moves a card to another column (kind) and/or a place between two order keys. `anonymous`: the
 * board hides who wrote weaknesses, so a card moved into the weakness column loses its authors.
 */
export function moveCard(
  doc: Y.Doc,
  id: string,
  to: { kind?: CardKind; before?: string | null; after?: string | null; anonymous?: boolean },
  origin: Origin = ORIGINS.local,
): void {
  const card = getCard(doc, id);
  if (!card) return;
  doc.transact(() => {
    if (to.kind !== undefined && card.get('kind') !== to.kind) {
      card.set('kind', to.kind);
      if (to.kind === 'weakness' && to.anonymous) clearAuthors(card);
    }
    if (to.before !== undefined || to.after !== undefined) {
      card.set('order', keyBetween(to.after ?? null, to.before ?? null));
    } else if (to.kind !== undefined) {
      card.set('order', orderAtEnd(doc, to.kind));
    }
  }, origin);
}

/**
 * Merges card `from` into card `into` (two cards that say the same thing), in one transaction:
 * `into`'s text becomes its own, a blank line, then `from`'s (appended to the live text, so someone
 * typing in `into` keeps their edit); its links become the union; `mergedFrom` gains `from` (and what
 * was merged into `from`), `mergedAuthors` `from`'s authors; links and backlog items that pointed at
 * `from` point at `into`; `from` is deleted. The server moves `from`'s dots to `into` (`pruneVotes`).
 * `anonymous`: weaknesses hide their authors, so `into` keeps none. Returns whether it merged.
 *
 * M1: `into` holds both texts, its own author plus `from`'s in `mergedAuthors`, and `from`'s id in `mergedFrom`; `from` is gone.
 * M2: `into`'s links are the union; what pointed at `from` points at `into`.
 * M3: it is one transaction, so every other client receives the merge whole.
 * M4: a card is merged only into another existing card of the same kind.
 */
export function mergeCards(
  doc: Y.Doc,
  from: string,
  into: string,
  origin: Origin = ORIGINS.local,
  options: { anonymous?: boolean } = {},
): boolean {
  const source = readCard(from, cardsMap(doc).get(from));
  const target = getCard(doc, into);
  const before = readCard(into, target);
  if (!source || !target || !before || from === into || source.rawKind !== before.rawKind) return false;
  doc.transact(() => {
    let text = target.get('text');
    if (!(text instanceof Y.Text)) {
      text = new Y.Text(typeof text === 'string' ? text : '');
      target.set('text', text);
    }
    const ytext = text as Y.Text;
    const added = before.text.trim() && source.text.trim() ? `\n\n${source.text}` : source.text;
    const room = MAX_CARD_TEXT_CHARS - ytext.length;
    if (room > 0 && added.length > 0) ytext.insert(ytext.length, added.slice(0, room));

    const merged = [...before.mergedFrom, from, ...source.mergedFrom].filter((id, i, all) => id !== into && all.indexOf(id) === i);
    target.set('mergedFrom', merged.join(','));
    if (options.anonymous && before.kind === 'weakness') clearAuthors(target);
    else {
      const authors = [...before.mergedAuthors, source.author, ...source.mergedAuthors]
        .map((a) => a.trim())
        .filter((a, i, all) => a.length > 0 && all.indexOf(a) === i);
      if (authors.length > 0) target.set('mergedAuthors', authors.join('\n'));
    }

    cardsMap(doc).delete(from);
    for (const [id, value] of cardsMap(doc).entries()) {
      if (!(value instanceof Y.Map)) continue;
      const card = value as Y.Map<unknown>;
      let links = card.get('links');
      if (id === into && !(links instanceof Y.Array)) {
        links = new Y.Array<string>();
        card.set('links', links);
      }
      if (links instanceof Y.Array) {
        const items = links.toArray() as unknown[];
        const hadFrom = items.includes(from);
        for (let i = items.length - 1; i >= 0; i--) if (items[i] === from) links.delete(i, 1);
        // A question about `from` is about `into` now; `into` itself gains `from`'s links.
        const wanted = id === into ? source.links : hadFrom ? [into] : [];
        for (const l of wanted) if (l !== id && l !== from && !(links.toArray() as unknown[]).includes(l)) links.push([l]);
      }
      if (card.get('goal') === from) card.set('goal', into);
    }
  }, origin);
  return true;
}

/** Moves a card one place up (-1) or down (+1) among the cards of its kind (keyboard reordering). */
export function nudgeCard(doc: Y.Doc, id: string, direction: -1 | 1, origin: Origin = ORIGINS.local): void {
  const board = readBoard(doc);
  const self = board.cards.find((c) => c.id === id);
  if (!self) return;
  const column = board.cards.filter((c) => c.rawKind === self.rawKind).sort(compareOrder);
  const index = column.findIndex((c) => c.id === id);
  const target = index + direction;
  if (target < 0 || target >= column.length) return;
  const neighbour = column[target];
  const beyond = column[target + direction];
  if (!neighbour) return;
  const [after, before] =
    direction < 0 ? [beyond?.order ?? null, neighbour.order] : [neighbour.order, beyond?.order ?? null];
  moveCard(doc, id, { after, before }, origin);
}

/** Deletes a card, and removes links to it and backlog items' references to it. */
export function deleteCard(doc: Y.Doc, id: string, origin: Origin = ORIGINS.local): void {
  const cards = cardsMap(doc);
  if (!cards.has(id)) return;
  doc.transact(() => {
    cards.delete(id);
    for (const value of cards.values()) {
      if (!(value instanceof Y.Map)) continue;
      const links = (value as Y.Map<unknown>).get('links');
      if (links instanceof Y.Array) {
        const items = links.toArray() as unknown[];
        for (let i = items.length - 1; i >= 0; i--) if (items[i] === id) links.delete(i, 1);
      }
    }
  }, origin);
}

/** Makes card `from` point at card `to` (a question at a weakness, a goal at the weaknesses it addresses). */
export function linkCards(doc: Y.Doc, from: string, to: string, origin: Origin = ORIGINS.local): void {
  const card = getCard(doc, from);
  if (!card || from === to || !getCard(doc, to)) return;
  doc.transact(() => {
    let links = card.get('links');
    if (!(links instanceof Y.Array)) {
      links = new Y.Array<string>();
      card.set('links', links);
    }
    const arr = links as Y.Array<unknown>;
    if (!arr.toArray().includes(to)) arr.push([to]);
  }, origin);
}

/** Removes every link from card `from` to card `to`. */
export function unlinkCards(doc: Y.Doc, from: string, to: string, origin: Origin = ORIGINS.local): void {
  const card = getCard(doc, from);
  const links = card?.get('links');
  if (!(links instanceof Y.Array)) return;
  doc.transact(() => {
    const items = links.toArray() as unknown[];
    for (let i = items.length - 1; i >= 0; i--) if (items[i] === to) links.delete(i, 1);
  }, origin);
}

/**
 * Turns a note, question or weakness into a goal card in one action. The goal starts with the
 * source's text and addresses the weaknesses the source pointed at (or the weakness itself).
 * `by.id` fixes the new card's id (tests and tools that need repeatable ids); by default it is random.
 */
export function makeGoal(
  doc: Y.Doc,
  from: string,
  by: { author: string; authorId: string; createdAt?: number; id?: string },
  origin: Origin = ORIGINS.local,
): string | null {
  const source = readCard(from, cardsMap(doc).get(from));
  if (!source) return null;
  // One goal per source: a double click (or a second click before the first render) opens the same goal.
  for (const [id, card] of cardsMap(doc)) {
    if (card instanceof Y.Map && card.get('kind') === 'goal' && card.get('source') === from) return id;
  }
  const links = source.kind === 'weakness' ? [source.id] : source.links.filter((l) => getCard(doc, l) !== null);
  return addCard(
    doc,
    { kind: 'goal', text: source.text, author: by.author, authorId: by.authorId, links, source: source.id, createdAt: by.createdAt, id: by.id },
    origin,
  );
}

/** Adds a backlog item under goal `goal`. */
export function addBacklogItem(
  doc: Y.Doc,
  goal: string,
  input: { text: string; author: string; authorId: string; owner?: string; createdAt?: number; id?: string },
  origin: Origin = ORIGINS.local,
): string {
  return addCard(doc, { kind: 'backlog', goal, ...input }, origin);
}

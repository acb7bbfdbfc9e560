/**
 * The board document. This module and `mutations.ts` are the only code that touches raw Yjs types;
 * everything else works with the plain, validated snapshots `readBoard` returns.
 *
 * Shape (public, see README): root `meta` Y.Map { title, team, template, createdAt, schemaVersion };
 * root `cards` Y.Map from card id to a Y.Map { id, kind, text: Y.Text, author, authorId, createdAt,
 * order, links: Y.Array<string>, ...kind fields }.
 */
import * as Y from 'yjs';
import type { CardKind } from './cardKinds.ts';
import { isCardKind } from './cardKinds.ts';
import { ORIGINS } from './origins.ts';

/** Version of the document shape this code writes; older documents are migrated on load. */
export const SCHEMA_VERSION = 1;

/** Board-level fields. */
export interface BoardMeta {
  title: string;
  team: string;
  template: string;
  createdAt: number;
  schemaVersion: number;
}

/** A card as the UI, exports and server see it: plain values, every field present and typed. */
export interface CardSnapshot {
  id: string;
  /** A known kind, or `unknown` for a kind some other tool wrote (see `rawKind`). */
  kind: CardKind | 'unknown';
  rawKind: string;
  text: string;
  author: string;
  authorId: string;
  createdAt: number;
  order: string;
  links: string[];
  /** Goals: how we will know. */
  measure: string;
  /** Goals and backlog items: who. */
  owner: string;
  /** Goals: by when (a date string as typed). */
  due: string;
  /** Backlog items: the goal card they belong to. */
  goal: string;
  /** Backlog items: ticked off. */
  done: boolean;
  /** Goals: the note or question they were made from. */
  source: string;
  /** Ids of the cards merged into this one (`mergedFrom`, comma-joined in the document). */
  mergedFrom: string[];
  /** Authors of the cards merged into this one (`mergedAuthors`, one name a line in the document). */
  mergedAuthors: string[];
  /** Plain fields this code does not know, shown as they are rather than dropped. */
  extra: Record<string, string>;
}

/** The whole board as plain data. */
export interface BoardSnapshot {
  meta: BoardMeta;
  cards: CardSnapshot[];
}

/** Card fields with a meaning of their own; any other plain field of a card is kept as `extra`. */
export const KNOWN_CARD_FIELDS: ReadonlySet<string> = new Set([
  'id', 'kind', 'text', 'author', 'authorId', 'createdAt', 'order', 'links',
  'measure', 'owner', 'due', 'goal', 'done', 'source', 'mergedFrom', 'mergedAuthors',
]);

/** Splits a plain list field (`mergedFrom` by commas, `mergedAuthors` by lines) into its non-empty, distinct items. */
export function splitList(value: string, separator: ',' | '\n'): string[] {
  const out: string[] = [];
  for (const item of value.split(separator)) {
    const trimmed = item.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

/** The `meta` root map. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

/** The `cards` root map. */
export function cardsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('cards');
}

/** A new, empty board document. */
export function createBoardDoc(): Y.Doc {
  return new Y.Doc();
}

/** Writes a new board's meta fields (the server does this once, when the board is created). */
export function initBoardDoc(doc: Y.Doc, meta: Omit<BoardMeta, 'schemaVersion'>): void {
  doc.transact(() => {
    const m = metaMap(doc);
    m.set('title', meta.title);
    m.set('team', meta.team);
    m.set('template', meta.template);
    m.set('createdAt', meta.createdAt);
    m.set('schemaVersion', SCHEMA_VERSION);
  }, ORIGINS.server);
}

/**
 * Brings an older document up to {@link SCHEMA_VERSION}. Each step is a small pure function of the
 * document; version 1 is the first, so today this only stamps documents that lack a version.
 */
export function migrateBoardDoc(doc: Y.Doc): boolean {
  const m = metaMap(doc);
  const version = m.get('schemaVersion');
  if (typeof version === 'number' && version >= SCHEMA_VERSION) return false;
  doc.transact(() => m.set('schemaVersion', SCHEMA_VERSION), ORIGINS.server);
  return true;
}

function str(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function readLinks(value: unknown): string[] {
  const raw = value instanceof Y.Array ? (value.toArray() as unknown[]) : Array.isArray(value) ? (value as unknown[]) : [];
  const out: string[] = [];
  for (const id of raw) if (typeof id === 'string' && !out.includes(id)) out.push(id);
  return out;
}

/** Reads one card map into a snapshot, tolerating any field another client may have written. */
export function readCard(id: string, value: unknown): CardSnapshot | null {
  if (!(value instanceof Y.Map)) return null;
  const card = value as Y.Map<unknown>;
  const rawKind = str(card.get('kind'), 'unknown');
  const extra: Record<string, string> = {};
  for (const [field, v] of card.entries()) {
    if (KNOWN_CARD_FIELDS.has(field)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') extra[field] = String(v);
    else if (v instanceof Y.Text) extra[field] = v.toString();
  }
  const order = str(card.get('order'));
  return {
    id,
    kind: isCardKind(rawKind) ? rawKind : 'unknown',
    rawKind,
    text: str(card.get('text')),
    author: str(card.get('author')),
    authorId: str(card.get('authorId')),
    createdAt: num(card.get('createdAt'), 0),
    order: order.length > 0 ? order : 'V',
    links: readLinks(card.get('links')),
    measure: str(card.get('measure')),
    owner: str(card.get('owner')),
    due: str(card.get('due')),
    goal: str(card.get('goal')),
    done: card.get('done') === true,
    source: str(card.get('source')),
    mergedFrom: splitList(str(card.get('mergedFrom')), ','),
    mergedAuthors: splitList(str(card.get('mergedAuthors')), '\n'),
    extra,
  };
}

/** The whole document as a plain snapshot; links to cards that no longer exist are left out. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  const m = metaMap(doc);
  const meta: BoardMeta = {
    title: str(m.get('title'), 'Untitled board'),
    team: str(m.get('team')),
    template: str(m.get('template'), 'mentoring-session'),
    createdAt: num(m.get('createdAt'), 0),
    schemaVersion: num(m.get('schemaVersion'), 0),
  };
  const cards: CardSnapshot[] = [];
  for (const [id, value] of cardsMap(doc).entries()) {
    const card = readCard(id, value);
    if (card) cards.push(card);
  }
  const ids = new Set(cards.map((c) => c.id));
  for (const card of cards) card.links = card.links.filter((l) => ids.has(l) && l !== card.id);
  return { meta, cards };
}

/** The kind of card `id`, or undefined when there is no such card (the server checks votes with it). */
export function cardKindOf(doc: Y.Doc, id: string): string | undefined {
  const card = cardsMap(doc).get(id);
  if (!(card instanceof Y.Map)) return undefined;
  return str((card as Y.Map<unknown>).get('kind'), 'unknown');
}

/** Whether card `id` exists. */
export function hasCard(doc: Y.Doc, id: string): boolean {
  return cardsMap(doc).get(id) instanceof Y.Map;
}

/**
 * Which card each merged card went into: merged card id → the card whose `mergedFrom` lists it. One
 * pass over the board, so the server's vote pruning stays linear however many cards go at once.
 */
export function mergeSurvivors(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [cardId, value] of cardsMap(doc).entries()) {
    if (!(value instanceof Y.Map)) continue;
    for (const merged of splitList(str((value as Y.Map<unknown>).get('mergedFrom')), ',')) {
      if (merged !== cardId && !out.has(merged)) out.set(merged, cardId);
    }
  }
  return out;
}

/**
 * The card that card `id` was merged into: the card whose `mergedFrom` lists it, or undefined. The
 * server moves a merged card's dots there when the card goes (see `pruneVotes`).
 */
export function mergedInto(doc: Y.Doc, id: string): string | undefined {
  return mergeSurvivors(doc).get(id);
}

/** Calls `fn` with the ids of cards removed from the board, for as long as the returned function is not called. */
export function onCardsRemoved(doc: Y.Doc, fn: (ids: string[]) => void): () => void {
  const cards = cardsMap(doc);
  const observer = (event: Y.YMapEvent<unknown>) => {
    const removed: string[] = [];
    for (const [key, change] of event.changes.keys) if (change.action === 'delete') removed.push(key);
    if (removed.length > 0) fn(removed);
  };
  cards.observe(observer);
  return () => cards.unobserve(observer);
}

/** The whole document as one Yjs update (what the store keeps as a snapshot). */
export function encodeBoardState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

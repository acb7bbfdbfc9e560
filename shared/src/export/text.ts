import type { CardSnapshot } from '../board/schema.ts';
import { compareOrder } from '../board/order.ts';

/** Card kinds in the order the agenda meets them; exports list cards in this order. */
export const EXPORT_KIND_ORDER = ['personal', 'strength', 'weakness', 'question', 'note', 'goal', 'backlog'] as const;

// Control characters, and the Unicode line and paragraph separators some renderers treat as breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS = /\r\n|[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/**
 * Card text as inert Markdown, for one line of a report or an issue body: HTML-significant
 * characters become entities and Markdown syntax is backslash-escaped, so nothing a person typed
 * becomes a tag, a link, an image, a heading, emphasis, code, maths or a table cell. Line breaks
 * (and other control characters) fold to spaces, so a card stays one list item.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(LINE_BREAKS, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
      // Entities first, so the `&` of an entity made here is not escaped again.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]#|~$])/g, '\\$1')
      // A list marker at the start would make a nested list inside the item (or turn a heading into one).
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/^[-+]/, '\\$&')
  );
}

/** Cards of `kind`, in board order. */
export function cardsOf(cards: readonly CardSnapshot[], kind: string): CardSnapshot[] {
  return cards.filter((c) => c.kind === kind).sort(compareOrder);
}

/**
 * Every card in export order: kinds as the agenda meets them, then cards of kinds this code does not
 * know (by kind name); within a kind, board order.
 */
export function inExportOrder(cards: readonly CardSnapshot[]): CardSnapshot[] {
  const rank = (c: CardSnapshot) => {
    const i = (EXPORT_KIND_ORDER as readonly string[]).indexOf(c.kind);
    return i < 0 ? EXPORT_KIND_ORDER.length : i;
  };
  return [...cards].sort(
    (a, b) => rank(a) - rank(b) || (a.rawKind < b.rawKind ? -1 : a.rawKind > b.rawKind ? 1 : 0) || compareOrder(a, b),
  );
}

/** Cards by votes (most first), then board order. */
export function byVotes(cards: readonly CardSnapshot[], votes: Readonly<Record<string, number>>): CardSnapshot[] {
  return [...cards].sort((a, b) => (votes[b.id] ?? 0) - (votes[a.id] ?? 0) || compareOrder(a, b));
}

/** `1 dot`, `3 dots`. */
export function dots(n: number): string {
  return `${n} dot${n === 1 ? '' : 's'}`;
}

/** Largest epoch-ms time a `Date` holds; another tool may have written anything. */
const MAX_DATE_MS = 8.64e15;

/** The ISO time (UTC) of an epoch-ms time, or '' when unknown (0) or out of range. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_DATE_MS ? new Date(ms).toISOString() : '';
}

/** The ISO date (UTC) of an epoch-ms time, such as `2026-11-24`, or '' when unknown or out of range. */
export function isoDate(ms: number): string {
  return isoTime(ms).slice(0, 10);
}

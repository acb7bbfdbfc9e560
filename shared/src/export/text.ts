import type { CardSnapshot } from '../board/schema.ts';
import { compareOrder } from '../board/order.ts';

/**
 * Card text as inert Markdown: HTML-significant characters become entities and Markdown syntax is
 * backslash-escaped, so nothing a person typed becomes a tag, a link, a heading or a table cell.
 * Line breaks fold to spaces, so a card stays one list item.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]#|~])/g, '\\$1')
    .trim()
    // A list marker at the start would turn a heading or title into a list.
    .replace(/^(\d+)\./, '$1\\.')
    .replace(/^[-+]/, '\\$&');
}

/** Cards of `kind`, in board order. */
export function cardsOf(cards: CardSnapshot[], kind: string): CardSnapshot[] {
  return cards.filter((c) => c.kind === kind).sort(compareOrder);
}

/** Weaknesses by votes (most first), then board order. */
export function byVotes(cards: CardSnapshot[], votes: Record<string, number>): CardSnapshot[] {
  return [...cards].sort((a, b) => (votes[b.id] ?? 0) - (votes[a.id] ?? 0) || compareOrder(a, b));
}

/** `n dot(s)`. */
export function dots(n: number): string {
  return `${n} dot${n === 1 ? '' : 's'}`;
}

/** An ISO date (UTC) of epoch ms. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

import { compareOrder } from '../board/order.ts';
import type { ExportInput } from './types.ts';

const HEADER = ['id', 'kind', 'text', 'author', 'created_at', 'votes', 'links', 'measure', 'owner', 'due', 'goal', 'done'];

/**
 * A cell a spreadsheet will not run: text starting with =, +, -, @, tab or carriage return gets a
 * leading apostrophe (OWASP's advice for CSV injection).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting: quote when the cell holds a comma, quote, CR or LF; double the quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per card, CRLF line ends, text cells neutralised. */
export function toCsv(input: ExportInput): string {
  const cards = [...input.board.cards].sort((a, b) => a.kind.localeCompare(b.kind) || compareOrder(a, b));
  const byId = new Map(cards.map((c) => [c.id, c]));
  const text = (v: string) => csvCell(neutraliseFormula(v));
  const rows = [HEADER.join(',')];
  for (const c of cards) {
    rows.push(
      [
        csvCell(c.id),
        csvCell(c.kind === 'unknown' ? c.rawKind : c.kind),
        text(c.text),
        text(c.author),
        c.createdAt > 0 ? new Date(c.createdAt).toISOString() : '',
        input.votesHidden ? '' : String(input.votes[c.id] ?? 0),
        text(c.links.map((id) => byId.get(id)?.text ?? id).join(' | ')),
        text(c.measure),
        text(c.owner),
        text(c.due),
        text(c.goal ? (byId.get(c.goal)?.text ?? '') : ''),
        c.kind === 'backlog' ? String(c.done) : '',
      ].join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

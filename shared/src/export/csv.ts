import type { ExportInput } from './types.ts';
import { withHiddenAuthors } from './hiddenAuthors.ts';
import { inExportOrder, isoTime } from './text.ts';

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = ['id', 'kind', 'text', 'author', 'created_at', 'votes', 'links', 'measure', 'owner', 'due', 'goal', 'done'] as const;

/**
 * A cell a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@`, tab or
 * carriage return, also after leading spaces or other whitespace (spreadsheets skip it: `  =1+1` is a
 * formula), gets a leading apostrophe (OWASP's advice against CSV injection).
 */
export function neutraliseFormula(value: string): string {
  return /^[\s\u00a0\ufeff]*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting: a cell holding a comma, quote, CR or LF is quoted, with its quotes doubled. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A text cell: neutralised, then quoted. Every cell that came from a person or another tool goes through it. */
export function csvTextCell(value: string): string {
  return csvCell(neutraliseFormula(value));
}

/**
 * One row per card (agenda order, then board order), each a line of {@link CSV_COLUMNS} cells without its
 * line end: id, kind, text, author, created_at (ISO), votes (empty while hidden), links (the linked
 * cards' texts joined with " | "), measure, owner, due, goal (the goal card's text), done (backlog
 * items only). Every text cell is neutralised against formula injection and quoted as RFC 4180 says.
 */
export function csvRows(exported: ExportInput): string[] {
  const input = withHiddenAuthors(exported);
  const cards = inExportOrder(input.board.cards);
  const byId = new Map(cards.map((c) => [c.id, c]));
  return cards.map((c) =>
    [
      csvTextCell(c.id),
      csvTextCell(c.kind === 'unknown' ? c.rawKind : c.kind),
      csvTextCell(c.text),
      csvTextCell(c.author),
      isoTime(c.createdAt),
      input.votesHidden ? '' : String(input.votes[c.id] ?? 0),
      csvTextCell(c.links.map((id) => byId.get(id)?.text ?? id).join(' | ')),
      csvTextCell(c.measure),
      csvTextCell(c.owner),
      csvTextCell(c.due),
      csvTextCell(c.goal ? (byId.get(c.goal)?.text ?? '') : ''),
      c.kind === 'backlog' ? String(c.done) : '',
    ].join(','),
  );
}

/** One header row, then {@link csvRows}; CRLF line ends. */
export function toCsv(input: ExportInput): string {
  return `${[CSV_COLUMNS.join(','), ...csvRows(input)].join('\r\n')}\r\n`;
}

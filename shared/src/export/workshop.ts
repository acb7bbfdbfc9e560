import { CARD_KIND_LABELS } from '../board/cardKinds.ts';
import type { CardSnapshot } from '../board/schema.ts';
import { CSV_COLUMNS, csvRows, csvTextCell } from './csv.ts';
import type { JsonExport } from './json.ts';
import { toJsonExport } from './json.ts';
import { backlogLine, goalLines } from './markdown.ts';
import { byVotes, cardsOf, dots, escapeMarkdown, isoDate } from './text.ts';
import type { ExportInput } from './types.ts';

/** Identifies a Sessionboard workshop export (`format`). */
export const WORKSHOP_EXPORT_FORMAT = 'sessionboard.workshop';
/** Version of the workshop export shape; bumped on any incompatible change. */
export const WORKSHOP_EXPORT_VERSION = 1;
/** How many weaknesses a group's section of the report lists. */
export const WORKSHOP_TOP_WEAKNESSES = 5;
/** The workshop CSV's columns: the group's name, then a board CSV's. */
export const WORKSHOP_CSV_COLUMNS = ['group', ...CSV_COLUMNS] as const;

/** Everything a workshop export needs: each group's board as its own export would read it. */
export interface WorkshopExportInput {
  title: string;
  /** Epoch ms; fixed in tests so output is repeatable. */
  exportedAt: number;
  /** In the instructor's order. Each board's `votes` are already empty while its votes are hidden. */
  groups: { name: string; board: ExportInput }[];
}

/** The workshop JSON export: each group's board export, unchanged, under its name. */
export interface WorkshopJsonExport {
  format: typeof WORKSHOP_EXPORT_FORMAT;
  version: typeof WORKSHOP_EXPORT_VERSION;
  title: string;
  exportedAt: string;
  groups: { name: string; board: JsonExport }[];
}

/** A group's weaknesses, most voted first while its votes may be seen, else in board order. */
function topWeaknesses(board: ExportInput): string[] {
  const weaknesses = cardsOf(board.board.cards, 'weakness');
  const ranked = board.votesHidden ? weaknesses : byVotes(weaknesses, board.votes);
  const lines = ranked
    .slice(0, WORKSHOP_TOP_WEAKNESSES)
    .map((c) => `- ${escapeMarkdown(c.text) || '_(empty card)_'}${board.votesHidden ? '' : ` (${dots(board.votes[c.id] ?? 0)})`}`);
  if (lines.length === 0) return ['_None._'];
  return board.votesHidden ? ['_Votes were hidden when this was exported, so weaknesses are in board order._', '', ...lines] : lines;
}

function groupSection(name: string, board: ExportInput): string[] {
  const cards = board.board.cards;
  const byId = new Map(cards.map((c) => [c.id, c]));
  const out = [`## ${escapeMarkdown(name) || 'Unnamed group'}`, ''];
  out.push(`### Top ${CARD_KIND_LABELS.weakness.toLowerCase()}`, '', ...topWeaknesses(board), '');
  const goals = cardsOf(cards, 'goal');
  out.push(`### ${CARD_KIND_LABELS.goal}`, '');
  if (goals.length === 0) out.push('_None._', '');
  goals.forEach((g, i) => out.push(`#### Goal ${i + 1}`, '', ...goalLines(g, byId), ''));
  // One list per group (a report over many groups stays short); each item names the goal it serves.
  const goalNumber = new Map(goals.map((g, i) => [g.id, i + 1]));
  const item = (c: CardSnapshot) => `${backlogLine(c)}${goalNumber.has(c.goal) ? `, for goal ${goalNumber.get(c.goal)}` : ''}`;
  const backlog = cardsOf(cards, 'backlog');
  out.push(`### ${CARD_KIND_LABELS.backlog}`, '', ...(backlog.length === 0 ? ['_None._'] : backlog.map(item)), '');
  return out;
}

/**
 * The whole workshop as one Markdown report: a section per group (in the instructor's order) with its
 * top weaknesses (by votes, with their dots, unless that board's votes are hidden), its goals (what,
 * why, measure, owner, due) and its sprint backlog (each item with the goal it serves). Text is
 * escaped as in the board report.
 */
export function workshopToMarkdown(input: WorkshopExportInput): string {
  const out = [`# ${escapeMarkdown(input.title) || 'Untitled workshop'}`, ''];
  out.push(`**Date:** ${isoDate(input.exportedAt)}  `, `**Groups:** ${input.groups.length}`, '');
  for (const g of input.groups) out.push(...groupSection(g.name, g.board));
  return out.join('\n');
}

/**
 * One header row (`group`, then the board CSV's columns), then every group's cards as a board CSV
 * writes them, each row led by its group's name: the same quoting and formula neutralising.
 */
export function workshopToCsv(input: WorkshopExportInput): string {
  const rows: string[] = [WORKSHOP_CSV_COLUMNS.join(',')];
  for (const g of input.groups) {
    const group = csvTextCell(g.name);
    for (const row of csvRows(g.board)) rows.push(`${group},${row}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** `{ format: 'sessionboard.workshop', version: 1, title, exportedAt, groups: [{ name, board }] }`, `board` a board's JSON export. */
export function workshopToJson(input: WorkshopExportInput): WorkshopJsonExport {
  return {
    format: WORKSHOP_EXPORT_FORMAT,
    version: WORKSHOP_EXPORT_VERSION,
    title: input.title,
    exportedAt: new Date(input.exportedAt).toISOString(),
    groups: input.groups.map((g) => ({ name: g.name, board: toJsonExport(g.board) })),
  };
}

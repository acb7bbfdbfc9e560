import type { CardSnapshot } from '../board/schema.ts';
import type { ExportInput } from './types.ts';
import { byVotes, cardsOf, dots, escapeMarkdown, isoDate } from './text.ts';

function list(cards: CardSnapshot[], line: (c: CardSnapshot) => string): string[] {
  return cards.length === 0 ? ['_None._'] : cards.map(line);
}

function field(value: string): string {
  return value.trim() ? escapeMarkdown(value) : '_not set_';
}

/** The goal section of one goal: what, why, measure, owner, by when. */
export function goalLines(goal: CardSnapshot, byId: Map<string, CardSnapshot>): string[] {
  const why = goal.links.map((id) => byId.get(id)).filter((c): c is CardSnapshot => c !== undefined);
  return [
    `- **What:** ${field(goal.text)}`,
    `- **Why:** ${why.length > 0 ? why.map((w) => escapeMarkdown(w.text)).join('; ') : '_not linked to a weakness_'}`,
    `- **How we will know:** ${field(goal.measure)}`,
    `- **Who:** ${field(goal.owner)}`,
    `- **By when:** ${field(goal.due)}`,
  ];
}

/** A readable report of the whole session, one section per step. */
export function toMarkdown(input: ExportInput): string {
  const { board, votes, votesHidden } = input;
  const cards = board.cards;
  const byId = new Map(cards.map((c) => [c.id, c]));
  const goals = cardsOf(cards, 'goal');
  const backlog = cardsOf(cards, 'backlog');
  const out: string[] = [`# ${escapeMarkdown(board.meta.title)}`, ''];
  if (board.meta.team) out.push(`**Team:** ${escapeMarkdown(board.meta.team)}  `);
  out.push(`**Date:** ${isoDate(input.exportedAt)}  `);
  out.push(`**Participants:** ${input.participants.length > 0 ? input.participants.map(escapeMarkdown).join(', ') : '_none recorded_'}`, '');

  out.push('## How mentoring could help us', '', ...list(cardsOf(cards, 'personal'), (c) => `- ${escapeMarkdown(c.text)} (${escapeMarkdown(c.author)})`), '');
  out.push('## Strengths', '', ...list(cardsOf(cards, 'strength'), (c) => `- ${escapeMarkdown(c.text)}`), '');
  out.push('## Weaknesses', '');
  if (votesHidden) out.push('_Votes were hidden when this was exported._', '');
  const weaknesses = votesHidden ? cardsOf(cards, 'weakness') : byVotes(cardsOf(cards, 'weakness'), votes);
  out.push(...list(weaknesses, (c) => `- ${escapeMarkdown(c.text)}${votesHidden ? '' : ` (${dots(votes[c.id] ?? 0)})`}`), '');
  out.push(
    '## Questions for the mentor',
    '',
    ...list(cardsOf(cards, 'question'), (c) => {
      const about = c.links.map((id) => byId.get(id)?.text).filter((t): t is string => t !== undefined);
      return `- ${escapeMarkdown(c.text)}${about.length > 0 ? ` — about: ${about.map(escapeMarkdown).join('; ')}` : ''}`;
    }),
    '',
  );
  out.push('## Discussion notes', '', ...list(cardsOf(cards, 'note'), (c) => `- ${escapeMarkdown(c.text)}`), '');
  out.push('## Goals', '');
  if (goals.length === 0) out.push('_None._', '');
  goals.forEach((g, i) => out.push(`### Goal ${i + 1}: ${escapeMarkdown(g.text) || 'untitled'}`, '', ...goalLines(g, byId), ''));
  out.push('## Sprint backlog', '');
  if (backlog.length === 0) out.push('_None._', '');
  const item = (b: CardSnapshot) => `- [${b.done ? 'x' : ' '}] ${escapeMarkdown(b.text)}${b.owner.trim() ? ` (${escapeMarkdown(b.owner)})` : ''}`;
  for (const g of goals) {
    const items = backlog.filter((b) => b.goal === g.id);
    if (items.length > 0) out.push(`### ${escapeMarkdown(g.text) || 'Untitled goal'}`, '', ...items.map(item), '');
  }
  const orphans = backlog.filter((b) => !goals.some((g) => g.id === b.goal));
  if (orphans.length > 0) out.push('### Other items', '', ...orphans.map(item), '');
  const unknown = cards.filter((c) => c.kind === 'unknown');
  if (unknown.length > 0) {
    out.push('## Other cards', '', ...unknown.map((c) => `- ${escapeMarkdown(c.text)} (${escapeMarkdown(c.rawKind)})`), '');
  }
  return out.join('\n');
}

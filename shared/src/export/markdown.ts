import { CARD_KIND_LABELS } from '../board/cardKinds.ts';
import type { CardSnapshot } from '../board/schema.ts';
import { withHiddenAuthors } from './hiddenAuthors.ts';
import type { ExportInput } from './types.ts';
import { byVotes, cardsOf, dots, escapeMarkdown, inExportOrder, isoDate } from './text.ts';

/** What a report says for a field nobody filled in. */
const NOT_SET = '_not set_';

/** Card text for a report line, or a placeholder when the card is empty. */
function cardText(text: string): string {
  return escapeMarkdown(text) || '_(empty card)_';
}

function field(value: string): string {
  return escapeMarkdown(value) || NOT_SET;
}

function list(cards: readonly CardSnapshot[], line: (c: CardSnapshot) => string): string[] {
  return cards.length === 0 ? ['_None._'] : cards.map(line);
}

/**
 * The lines that describe one goal: what, why (the weaknesses it addresses), how we will know, who,
 * by when. A field nobody filled in reads "not set".
 */
export function goalLines(goal: CardSnapshot, byId: ReadonlyMap<string, CardSnapshot>): string[] {
  const why = goal.links.map((id) => byId.get(id)).filter((c): c is CardSnapshot => c !== undefined);
  return [
    `- **What:** ${field(goal.text)}`,
    `- **Why:** ${why.length > 0 ? why.map((w) => cardText(w.text)).join('; ') : NOT_SET}`,
    `- **How we will know:** ${field(goal.measure)}`,
    `- **Who:** ${field(goal.owner)}`,
    `- **By when:** ${field(goal.due)}`,
  ];
}

/** One backlog item as a task-list line: `- [x] text (owner)`. */
export function backlogLine(item: CardSnapshot): string {
  const owner = escapeMarkdown(item.owner);
  return `- [${item.done ? 'x' : ' '}] ${cardText(item.text)}${owner ? ` (${owner})` : ''}`;
}

function header(input: ExportInput): string[] {
  const { meta } = input.board;
  const out = [`# ${escapeMarkdown(meta.title) || 'Untitled board'}`, ''];
  // Two trailing spaces: a Markdown line break, so the fields stay on their own lines.
  const fields: string[] = [];
  if (meta.team.trim()) fields.push(`**Team:** ${escapeMarkdown(meta.team)}`);
  fields.push(`**Date:** ${isoDate(input.exportedAt)}`);
  fields.push(`**Participants:** ${input.participants.map(escapeMarkdown).filter(Boolean).join(', ') || '_none recorded_'}`);
  const steps = input.settings.steps;
  const step = steps[input.step];
  if (step) fields.push(`**Step reached:** ${input.step + 1} of ${steps.length}, ${escapeMarkdown(step.title)}`);
  out.push(...fields.map((f, i) => (i < fields.length - 1 ? `${f}  ` : f)), '');
  return out;
}

/**
 * A readable Markdown report of the whole session, a section per step of the agenda: shared ideas,
 * strengths, weaknesses (by votes, with their dots, unless votes are hidden), questions for the
 * mentor (with the weakness each is about), discussion notes, goals, and the sprint backlog as a
 * checklist grouped by goal; cards of kinds this code does not know come last. Card text is escaped
 * (see {@link escapeMarkdown}), so nothing anyone typed becomes HTML or Markdown syntax.
 */
export function toMarkdown(exported: ExportInput): string {
  const input = withHiddenAuthors(exported);
  const { board, votes, votesHidden } = input;
  const cards = board.cards;
  const byId = new Map(cards.map((c) => [c.id, c]));
  const votable = new Set<string>(['weakness', ...input.settings.votableKinds]);
  const withDots = (c: CardSnapshot) =>
    `- ${cardText(c.text)}${!votesHidden && votable.has(c.kind) ? ` (${dots(votes[c.id] ?? 0)})` : ''}`;
  const column = (kind: 'personal' | 'strength' | 'weakness' | 'question' | 'note') =>
    votable.has(kind) && !votesHidden ? byVotes(cardsOf(cards, kind), votes) : cardsOf(cards, kind);
  const out = header(input);

  out.push(`## ${CARD_KIND_LABELS.personal}`, '');
  out.push(...list(column('personal'), (c) => `${withDots(c)}${c.author.trim() ? ` (${escapeMarkdown(c.author)})` : ''}`), '');
  out.push(`## ${CARD_KIND_LABELS.strength}`, '', ...list(column('strength'), withDots), '');
  out.push(`## ${CARD_KIND_LABELS.weakness}`, '');
  if (votesHidden) out.push('_Votes were hidden when this was exported, so weaknesses are in board order._', '');
  out.push(...list(column('weakness'), withDots), '');
  out.push(
    `## ${CARD_KIND_LABELS.question}`,
    '',
    ...list(column('question'), (c) => {
      const about = c.links.map((id) => byId.get(id)).filter((l): l is CardSnapshot => l !== undefined);
      return `${withDots(c)}${about.length > 0 ? ` (about: ${about.map((l) => cardText(l.text)).join('; ')})` : ''}`;
    }),
    '',
  );
  out.push(`## ${CARD_KIND_LABELS.note}`, '', ...list(column('note'), withDots), '');

  const goals = cardsOf(cards, 'goal');
  out.push(`## ${CARD_KIND_LABELS.goal}`, '');
  if (goals.length === 0) out.push('_None._', '');
  goals.forEach((g, i) => out.push(`### Goal ${i + 1}`, '', ...goalLines(g, byId), ''));

  const backlog = cardsOf(cards, 'backlog');
  out.push(`## ${CARD_KIND_LABELS.backlog}`, '');
  if (backlog.length === 0) out.push('_None._', '');
  goals.forEach((g, i) => {
    const items = backlog.filter((b) => b.goal === g.id);
    if (items.length > 0) out.push(`### Goal ${i + 1}: ${cardText(g.text)}`, '', ...items.map(backlogLine), '');
  });
  const goalIds = new Set(goals.map((g) => g.id));
  const others = backlog.filter((b) => !goalIds.has(b.goal));
  if (others.length > 0) out.push('### Other items', '', ...others.map(backlogLine), '');

  const unknown = inExportOrder(cards.filter((c) => c.kind === 'unknown'));
  if (unknown.length > 0) {
    out.push('## Other cards', '', ...unknown.map((c) => `- ${cardText(c.text)} (${escapeMarkdown(c.rawKind) || 'no kind'})`), '');
  }
  return out.join('\n');
}

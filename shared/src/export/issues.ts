import type { CardSnapshot } from '../board/schema.ts';
import { goalLines } from './markdown.ts';
import type { ExportInput } from './types.ts';
import { cardsOf, escapeMarkdown } from './text.ts';

/** A ready-to-paste issue for one goal. */
export interface GoalIssue {
  goalId: string;
  title: string;
  body: string;
}

/** One issue per goal: title, what/why/measure/owner/due, and its backlog items as a checklist. */
export function goalIssueTexts(input: ExportInput): GoalIssue[] {
  const cards = input.board.cards;
  const byId = new Map(cards.map((c) => [c.id, c]));
  return cardsOf(cards, 'goal').map((goal: CardSnapshot) => {
    const items = cardsOf(cards, 'backlog').filter((b) => b.goal === goal.id);
    const body = [
      `Improvement goal from the mentoring session “${escapeMarkdown(input.board.meta.title)}”.`,
      '',
      ...goalLines(goal, byId),
      '',
      '### Tasks',
      '',
      ...(items.length > 0 ? items.map((b) => `- [${b.done ? 'x' : ' '}] ${escapeMarkdown(b.text)}${b.owner.trim() ? ` (${escapeMarkdown(b.owner)})` : ''}`) : ['- [ ] Break this goal down into tasks']),
      '',
    ].join('\n');
    // Titles are plain text in issue trackers: fold whitespace, keep them short.
    const title = goal.text.replace(/\s+/g, ' ').trim().slice(0, 120) || 'Improvement goal';
    return { goalId: goal.id, title, body };
  });
}

import type { CardSnapshot } from '../board/schema.ts';
import { backlogLine, goalLines } from './markdown.ts';
import { withHiddenAuthors } from './hiddenAuthors.ts';
import type { ExportInput } from './types.ts';
import { cardsOf, escapeMarkdown, isoDate } from './text.ts';

/** Longest issue title we produce, in characters (trackers allow more; short titles read better). */
export const MAX_ISSUE_TITLE_CHARS = 120;

/** A ready-to-paste issue for one goal. */
export interface GoalIssue {
  goalId: string;
  /**
   * Plain text for a tracker's title field (one line, not escaped: trackers show titles as text).
   * Never put it into Markdown or HTML as it is; use `markdown` for a single paste.
   */
  title: string;
  /** Markdown for the issue's description, with all card text escaped. */
  body: string;
  /** The whole issue as one Markdown text (the title, escaped, as a heading; then the body), for one copy. */
  markdown: string;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A goal's text as an issue title: one line, no control characters, at most {@link MAX_ISSUE_TITLE_CHARS}. */
function issueTitle(text: string): string {
  const line = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (line.length === 0) return 'Improvement goal';
  return line.length > MAX_ISSUE_TITLE_CHARS ? `${line.slice(0, MAX_ISSUE_TITLE_CHARS - 1).trimEnd()}…` : line;
}

/**
 * One issue per goal, in board order: the title is the goal's text (plain text); the body (Markdown,
 * escaped like the report) says where the goal came from, then what, why (the weaknesses it
 * addresses), how we will know, who and by when, then the goal's backlog items as a checklist.
 */
export function goalIssueTexts(exported: ExportInput, links: { board?: string } = {}): GoalIssue[] {
  const input = withHiddenAuthors(exported);
  const cards = input.board.cards;
  const byId = new Map(cards.map((c) => [c.id, c]));
  const { title, team } = input.board.meta;
  const backlog = cardsOf(cards, 'backlog');
  const from = [`the mentoring session “${escapeMarkdown(title) || 'Untitled board'}”`];
  if (team.trim()) from.push(`team ${escapeMarkdown(team)}`);
  from.push(isoDate(input.exportedAt));
  return cardsOf(cards, 'goal').map((goal: CardSnapshot) => {
    const items = backlog.filter((b) => b.goal === goal.id);
    // A link back to the board: its join link, which opens it as a member (never a facilitator's key).
    const back = links.board && /^https?:\/\/[^\s()<>]+$/.test(links.board) ? [`Board: <${links.board}>`, ''] : [];
    const body = [
      `Improvement goal from ${from.join(', ')}.`,
      '',
      ...back,
      ...goalLines(goal, byId),
      '',
      '### Tasks',
      '',
      ...(items.length > 0 ? items.map(backlogLine) : ['- [ ] Break this goal down into tasks']),
      '',
    ].join('\n');
    const title = issueTitle(goal.text);
    return { goalId: goal.id, title, body, markdown: `## ${escapeMarkdown(title)}\n\n${body}` };
  });
}

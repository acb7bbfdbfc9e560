import { goalIssueTexts } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { CopyButton } from './CopyButton.tsx';

/** Copies a ready-to-paste issue (title and body) for one goal. */
export function GoalIssueButton({ goalId }: { goalId: string }) {
  function text(): string {
    const s = useBoardStore.getState();
    if (!s.board || !s.session) return '';
    const issue = goalIssueTexts({
      board: s.board,
      votes: {},
      votesHidden: true,
      settings: s.session.settings,
      step: s.session.step,
      participants: [],
      exportedAt: Date.now(),
    }, s.joinCode ? { board: `${location.origin}/join/${s.joinCode}` } : {}).find((i) => i.goalId === goalId);
    return issue?.markdown ?? '';
  }
  return <CopyButton text={text} label="Copy as issue: this goal with its measure, owner, due date and backlog">Copy as issue</CopyButton>;
}

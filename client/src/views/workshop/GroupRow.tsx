import type { CardKind, GroupSummary } from '@sessionboard/shared/light';
import { CARD_KIND_LABELS } from '@sessionboard/shared/light';
import { GroupTimer } from './GroupTimer.tsx';
import { GOAL_TARGET, formatAgo, formatWait, isQuiet } from './workshopFormat.ts';
import { HandIcon } from '../../components/HandIcon.tsx';
import { LockIcon } from './LockIcon.tsx';

/** The kinds a group writes before goals, each a small coloured count. */
const COUNTED: readonly { kind: CardKind; letter: string }[] = [
  { kind: 'strength', letter: 'S' },
  { kind: 'weakness', letter: 'W' },
  { kind: 'question', letter: 'Q' },
  { kind: 'note', letter: 'N' },
];

/** One group, live, as a row of the console's table. */
export function GroupRow({ group, now, link }: { group: GroupSummary; now: number; link: string | null }) {
  const quiet = isQuiet(group, now);
  const hand = group.help.requested;
  const goalsDone = group.goals.complete >= GOAL_TARGET;
  return (
    <tr
      className={[hand ? 'ws-row-hand' : '', quiet ? 'ws-row-quiet' : ''].join(' ')}
      data-testid="group-row"
      data-group={group.name}
      data-step={group.step}
      data-online={group.online}
      data-hand={hand ? 'up' : 'down'}
    >
      <th scope="row" className="ws-col-name">
        {link ? (
          <a href={link} target="_blank" rel="noopener" title={`Open ${group.name}'s board (new tab)`}>
            {group.name}
            <span aria-hidden="true"> ↗</span>
            <span className="sr-only"> (opens the board in a new tab)</span>
          </a>
        ) : (
          group.name
        )}
        {group.locked && (
          <span className="ws-lock" title="Locked">
            <LockIcon />
            <span className="sr-only">locked</span>
          </span>
        )}
      </th>
      <td className="ws-col-hand" data-testid="group-hand">
        {hand ? (
          <span className="ws-hand">
            <HandIcon /> {formatWait(now - (group.help.since ?? now))}
            <span className="sr-only"> waiting</span>
          </span>
        ) : (
          <span className="muted" aria-label="no hand up">
            –
          </span>
        )}
      </td>
      <td className="ws-col-step" data-testid="group-step" title={group.stepTitle}>
        <span className="step-number">{group.step + 1}</span> <span className="ws-row-step">{group.stepTitle}</span>
      </td>
      <td className="ws-col-timer">
        <GroupTimer timer={group.timer} now={now} />
      </td>
      <td className="ws-num" data-testid="group-online">
        {group.online}
      </td>
      <td>
        <span className="ws-pills">
          {COUNTED.map(({ kind, letter }) => (
            <span key={kind} className={`ws-pill chip-${kind}`} title={`${CARD_KIND_LABELS[kind]}: ${group.counts[kind] ?? 0}`}>
              <span aria-hidden="true">{letter}</span>
              <span className="sr-only">{CARD_KIND_LABELS[kind]}</span> {group.counts[kind] ?? 0}
            </span>
          ))}
        </span>
      </td>
      <td className="ws-num">{group.votesCast}</td>
      <td
        className={`ws-num ws-goals ${goalsDone ? 'ws-goals-done' : ''}`}
        data-testid="group-goals"
        title={`${group.goals.complete} complete of ${group.goals.total} written; the lesson asks for ${GOAL_TARGET}`}
      >
        <strong>
          {group.goals.complete}/{GOAL_TARGET}
        </strong>
        {group.goals.total > group.goals.complete && <span className="muted small"> ({group.goals.total})</span>}
      </td>
      <td className="ws-num" title={`${group.backlog.done} of ${group.backlog.total} done`}>
        {group.backlog.total}
        {group.backlog.done > 0 && <span className="muted small"> ✓{group.backlog.done}</span>}
      </td>
      <td className="ws-col-activity">
        {group.lastActivity <= 0 ? (
          <span className="muted">–</span>
        ) : quiet ? (
          <span className="ws-quiet">quiet {formatAgo(now - group.lastActivity)}</span>
        ) : (
          <span className="muted">{formatAgo(now - group.lastActivity)} ago</span>
        )}
      </td>
    </tr>
  );
}

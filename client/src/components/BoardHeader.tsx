import { useShallow } from 'zustand/react/shallow';
import { ROLE_LABELS, formatJoinCode } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { OnlineList } from './OnlineList.tsx';
import { TimerDisplay } from './TimerDisplay.tsx';
import { DotsLeft } from './DotsLeft.tsx';
import { BoardMenu } from './BoardMenu.tsx';
import { CallMentorButton } from './CallMentorButton.tsx';
import { boardGroup } from '../hooks/workshopMembership.ts';

/** Title, timer, dots, who is online and the connection, always in view. */
export function BoardHeader() {
  const { title, team, role, joinCode, locked, boardId } = useBoardStore(
    useShallow((s) => ({
      title: s.board?.meta.title ?? '',
      team: s.board?.meta.team ?? '',
      role: s.role,
      joinCode: s.joinCode,
      locked: s.session?.locked ?? false,
      boardId: s.boardId,
    })),
  );
  // The group this person was sent to, when a workshop's join page sent them (the board does not know).
  const group = boardId ? boardGroup(boardId)?.group : undefined;
  return (
    <header className="board-header">
      <a className="skip-link" href="#main">
        Skip to the board
      </a>
      <div className="board-title">
        <h1>{title || 'Sessionboard'}</h1>
        <p className="muted">
          {group && group !== title && group !== team && (
            <span className="my-group" data-testid="my-group">
              {group} ·{' '}
            </span>
          )}
          {team && <span>{team} · </span>}
          {role && <span>you are {ROLE_LABELS[role].toLowerCase()}</span>}
          {joinCode && <span className="nowrap"> · code {formatJoinCode(joinCode)}</span>}
          {locked && (
            <span className="nowrap locked-note" data-testid="locked" title="The facilitator locked the board: nobody new can join">
              {' '}
              · locked to newcomers
            </span>
          )}
        </p>
      </div>
      <TimerDisplay />
      <div className="header-side">
        <CallMentorButton />
        <DotsLeft />
        <OnlineList />
        <ConnectionBadge />
        <BoardMenu />
      </div>
    </header>
  );
}

import { Suspense, lazy, useEffect, useState } from 'react';
import { connectBoard } from '../sync/connectBoard.ts';
import { boardPath } from '@sessionboard/shared';
import { navigate } from '../App.tsx';
import { showToast, useBoardStore } from '../store/boardStore.ts';
import { keyFromHash, participantSecret, saveName, savedName } from '../hooks/identity.ts';
import { rememberMove } from '../hooks/workshopMembership.ts';
import { BoardPage } from './BoardPage.tsx';
import { NamePrompt } from '../components/NamePrompt.tsx';

// The room screen (and its QR code library) loads only where it is shown.
const loadProjector = () => import('./ProjectorView.tsx');
const ProjectorView = lazy(() => loadProjector().then((m) => ({ default: m.ProjectorView })));

const REFUSALS: Record<string, { title: string; text: string }> = {
  board_not_found: { title: 'This board does not exist', text: 'Check the link, or ask the facilitator for a new one.' },
  forbidden: { title: 'This link does not open the board', text: 'The key in the link is wrong or incomplete. Copy the whole link again.' },
  locked: { title: 'The board is locked', text: 'The facilitator has locked this board against new joiners. Ask them to unlock it.' },
  protocol_newer: { title: 'Sessionboard was updated', text: 'The server now speaks a newer version than this page. Reload the page to carry on; nothing you wrote is lost.' },
};

/** Opens a board from its link: asks for a name once, connects, then shows the board or the projector view. */
export function BoardRoute({ boardId, hash }: { boardId: string; hash: string }) {
  const key = keyFromHash(hash);
  const projectorHint = new URLSearchParams(hash.replace(/^#/, '')).get('view') === 'projector';
  const [name, setName] = useState(savedName);
  const status = useBoardStore((s) => s.status);
  const errorCode = useBoardStore((s) => s.errorCode);
  const role = useBoardStore((s) => s.role);
  const hasSession = useBoardStore((s) => s.session !== null);
  const movedTo = useBoardStore((s) => s.movedTo);
  const needsName = name.length === 0 && !projectorHint;

  useEffect(() => {
    // A projector link says so: fetch the room view while the connection is made.
    if (projectorHint) void loadProjector();
  }, [projectorHint]);

  useEffect(() => {
    if (!key || needsName) return;
    return connectBoard(boardId, key, name || 'Projector', participantSecret(boardId));
  }, [boardId, key, name, needsName]);

  useEffect(() => {
    // The instructor moved this person to another group: open that group's board (same person, same name).
    if (!movedTo) return;
    // The same secret on the new board, so the workshop still knows this person there.
    rememberMove(boardId, movedTo);
    navigate(boardPath(movedTo.board, movedTo.key));
    showToast(`The instructor moved you to ${movedTo.group}.`, 'info');
  }, [movedTo, boardId]);

  if (!key) {
    return <Refusal title="This link is incomplete" text="A board link ends in #key=… — copy the whole link again." />;
  }
  if (status === 'error' && errorCode) {
    const r = REFUSALS[errorCode] ?? { title: 'Cannot open the board', text: `The server said: ${errorCode}.` };
    return <Refusal title={r.title} text={r.text} />;
  }
  if (errorCode === 'rate_limited' && !hasSession) {
    return (
      <Refusal
        title="Too many attempts just now"
        text="The server is slowing down connections from this network for a moment. This page keeps trying and opens the board by itself."
        retrying
      />
    );
  }
  if (needsName) {
    return (
      <NamePrompt
        onDone={(n) => {
          saveName(n);
          setName(n);
        }}
      />
    );
  }
  if (role === 'projector') {
    return (
      <Suspense fallback={<main className="projector" />}>
        <ProjectorView />
      </Suspense>
    );
  }
  return <BoardPage />;
}

function Refusal({ title, text, retrying = false }: { title: string; text: string; retrying?: boolean }) {
  return (
    <main className="page narrow">
      <section className="panel" role="alert" data-testid="refusal">
        <h1>{title}</h1>
        <p>{text}</p>
        {retrying && (
          <p className="muted" role="status">
            Retrying…
          </p>
        )}
        <p>
          <a href="/join">Join with a code</a> · <a href="/">Create a board</a>
        </p>
      </section>
    </main>
  );
}

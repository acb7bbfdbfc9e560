import type { MyVotes, SessionState } from '@sessionboard/shared';
import { ORIGINS, ROLE_LABELS, createBoardDoc, dictFrom, readBoard, withSafeVotes } from '@sessionboard/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { Peer } from '../store/boardStore.ts';
import { indexBoard, resetBoardStore, shareUnchanged, showToast, useBoardStore } from '../store/boardStore.ts';
import { SocketProvider } from './SocketProvider.ts';
import { keepParticipantSecret, knownPublicId, rememberPublicId } from '../hooks/identity.ts';

/** A live board connection: the doc, its provider and its offline cache. Only sync/ and actions see it. */
export interface BoardConnection {
  doc: Y.Doc;
  provider: SocketProvider;
  destroy(): void;
}

let current: BoardConnection | null = null;

/** The open connection (actions use it to write). */
export function currentConnection(): BoardConnection | null {
  return current;
}

const COLORS = ['#c2410c', '#0f766e', '#7c3aed', '#be123c', '#1d4ed8', '#4d7c0f', '#a16207', '#0e7490', '#9d174d', '#475569'];

/** A colour that stays the same for a participant on every screen. */
export function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length] as string;
}

function readPeers(provider: SocketProvider, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of provider.awareness.getStates()) {
    if (clientId === selfId) continue;
    const user = (state as { user?: Record<string, unknown> }).user;
    if (!user || typeof user.name !== 'string') continue;
    peers.push({
      clientId,
      name: user.name.slice(0, 40),
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#475569',
      role: typeof user.role === 'string' && user.role in ROLE_LABELS ? (user.role as Peer['role']) : 'unknown',
      editing: typeof (state as { editing?: unknown }).editing === 'string' ? ((state as { editing: string }).editing) : null,
    });
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Opens board `board` with `key`: a Y.Doc cached in IndexedDB and synced over Socket.IO, observed into
 * plain snapshots in the store. Returns the teardown; calling it twice is harmless (StrictMode).
 */
export function connectBoard(board: string, key: string, name: string, participant: string): () => void {
  resetBoardStore(board);
  // The public id, never the secret: the store's id goes into cards and presence.
  useBoardStore.setState({ name, participantId: knownPublicId(board) });
  const doc = createBoardDoc();
  const cache = new IndexeddbPersistence(`sessionboard:${board}`, doc);
  let frame = 0;
  const publish = () => {
    frame = 0;
    const board = shareUnchanged(useBoardStore.getState().board, readBoard(doc));
    useBoardStore.setState({ board, index: indexBoard(board) });
  };
  // Many updates arrive in bursts (a sync, a paste); render at most once per animation frame.
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(publish);
  };
  // Local edits publish at once: a controlled text box re-rendered from a stale snapshot would drop
  // the keystrokes typed before the next frame.
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === ORIGINS.local) {
      if (frame) cancelAnimationFrame(frame);
      publish();
    } else schedule();
  });
  void cache.whenSynced.then(schedule);

  const provider = new SocketProvider(doc, { board, key, name, participant }, {
    onStatus: (status, errorCode) => useBoardStore.setState({ status, errorCode: errorCode ?? null }),
    onHello: (hello) => {
      keepParticipantSecret(hello.participant);
      rememberPublicId(board, hello.participantId);
      useBoardStore.setState({
        role: hello.role,
        participantId: hello.participantId,
        joinCode: hello.joinCode,
        session: withSafeVotes(hello.state),
        mine: dictFrom(hello.mine) as MyVotes,
        clockOffsetMs: hello.serverNow - Date.now(),
      });
      if (hello.role !== 'projector') {
        provider.awareness.setLocalState({
          user: { name: hello.name, color: colorFor(hello.participantId), participantId: hello.participantId, role: hello.role },
          editing: null,
        });
      }
    },
    onState: (state: SessionState) => {
      const prev = useBoardStore.getState().session;
      if (prev && state.version < prev.version) return;
      useBoardStore.setState({ session: withSafeVotes(state) });
    },
    onMine: (mine: MyVotes) => useBoardStore.setState({ mine: dictFrom(mine) as MyVotes }),
    onError: (error) => showToast(error.message),
    onClock: (offsetMs) => useBoardStore.setState({ clockOffsetMs: offsetMs }),
  });
  const onPresence = () => useBoardStore.setState({ peers: readPeers(provider, doc.clientID) });
  provider.awareness.on('change', onPresence);

  let destroyed = false;
  const connection: BoardConnection = {
    doc,
    provider,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      provider.awareness.off('change', onPresence);
      provider.destroy();
      void cache.destroy();
      doc.destroy();
      if (current === connection) current = null;
    },
  };
  current = connection;
  return () => connection.destroy();
}

/** Tells others which card this person is editing (or null). */
export function setEditing(cardId: string | null): void {
  const provider = current?.provider;
  if (provider && provider.awareness.getLocalState() !== null) provider.awareness.setLocalStateField('editing', cardId);
}

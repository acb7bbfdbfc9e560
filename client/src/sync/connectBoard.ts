import type { MyVotes, Role, SessionState } from '@sessionboard/shared';
import type { TextAnchor } from '@sessionboard/shared';
import { ORIGINS, ROLE_LABELS, authorHidden, createBoardDoc, dictFrom, readBoard, readServer, resolveTextAnchor, withSafeVotes } from '@sessionboard/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { Peer } from '../store/boardStore.ts';
import { indexBoard, resetBoardStore, shareUnchanged, showToast, useBoardStore } from '../store/boardStore.ts';
import { SocketProvider } from './SocketProvider.ts';
import { colorFor } from './colors.ts';
import type { SelectionAnchors } from './textBinding.ts';
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

export { colorFor } from './colors.ts';

/** Which field of a card a person is editing (presence `editingField`). */
export type EditingField = 'text' | 'measure' | 'owner' | 'due';
const EDITING_FIELDS: ReadonlySet<string> = new Set<EditingField>(['text', 'measure', 'owner', 'due']);

/** Where a peer's caret is now, resolved from the anchors in their presence against our document. */
function readCaret(doc: Y.Doc, card: string | null, value: unknown): Peer['caret'] {
  if (!card || typeof value !== 'object' || value === null) return null;
  const { anchor, head } = value as { anchor?: unknown; head?: unknown };
  if (typeof anchor !== 'object' || anchor === null || typeof head !== 'object' || head === null) return null;
  const start = resolveTextAnchor(doc, card, anchor as TextAnchor);
  const end = resolveTextAnchor(doc, card, head as TextAnchor);
  return start === null || end === null ? null : { start: Math.min(start, end), end: Math.max(start, end) };
}

function readPeers(provider: SocketProvider, doc: Y.Doc): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of provider.awareness.getStates()) {
    if (clientId === doc.clientID) continue;
    const user = (state as { user?: Record<string, unknown> }).user;
    if (!user || typeof user.name !== 'string') continue;
    const { editing, editingField, caret } = state as { editing?: unknown; editingField?: unknown; caret?: unknown };
    const card = typeof editing === 'string' ? editing : null;
    const field = card && typeof editingField === 'string' && EDITING_FIELDS.has(editingField) ? (editingField as EditingField) : card ? 'text' : null;
    peers.push({
      clientId,
      name: user.name.slice(0, 40),
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#475569',
      role: typeof user.role === 'string' && user.role in ROLE_LABELS ? (user.role as Peer['role']) : 'unknown',
      editing: card,
      field,
      caret: field === 'text' ? readCaret(doc, card, caret) : null,
    });
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name));
}

/** The board's last session state, role and join code seen on this device. */
interface CachedSession {
  role: Role;
  joinCode: string;
  session: SessionState;
}

const sessionKey = (board: string) => `sessionboard:session:${board}`;

function cacheSession(board: string, cached: CachedSession): void {
  try {
    localStorage.setItem(sessionKey(board), JSON.stringify(cached));
  } catch {
    // Storage full or refused: the board works the same, only an offline reload shows less.
  }
}

/**
 * What this device last saw of the board's session, so a reload with no network shows the board
 * (cards from IndexedDB, the step and timer as last seen) until the server answers and replaces it.
 */
function readCachedSession(board: string): Partial<{ role: Role; joinCode: string; session: SessionState }> {
  try {
    const raw = JSON.parse(localStorage.getItem(sessionKey(board)) ?? 'null') as Partial<CachedSession> | null;
    const session = raw ? readServer.state(raw.session) : null;
    if (!raw || !session || typeof raw.role !== 'string' || !(raw.role in ROLE_LABELS)) return {};
    return { role: raw.role, joinCode: typeof raw.joinCode === 'string' ? raw.joinCode : '', session: withSafeVotes(session) };
  } catch {
    return {};
  }
}

/**
 * Opens board `board` with `key`: a Y.Doc cached in IndexedDB and synced over Socket.IO, observed into
 * plain snapshots in the store. Returns the teardown; calling it twice is harmless (StrictMode).
 */
export function connectBoard(board: string, key: string, name: string, participant: string): () => void {
  resetBoardStore(board);
  // The public id, never the secret: the store's id goes into cards and presence.
  useBoardStore.setState({ name, participantId: knownPublicId(board), ...readCachedSession(board) });
  const doc = createBoardDoc();
  const cache = new IndexeddbPersistence(`sessionboard:${board}`, doc);
  let frame = 0;
  const publish = () => {
    frame = 0;
    const board = shareUnchanged(useBoardStore.getState().board, readBoard(doc));
    // Others' carets are anchored in the text: when the text moves, so do they.
    const carets = useBoardStore.getState().peers.some((p) => p.caret !== null);
    useBoardStore.setState({ board, index: indexBoard(board), ...(carets ? { peers: readPeers(provider, doc) } : {}) });
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
      keepParticipantSecret(hello.participant, board);
      rememberPublicId(board, hello.participantId);
      useBoardStore.setState({
        role: hello.role,
        participantId: hello.participantId,
        joinCode: hello.joinCode,
        session: withSafeVotes(hello.state),
        mine: dictFrom(hello.mine) as MyVotes,
        clockOffsetMs: hello.serverNow - Date.now(),
      });
      cacheSession(board, { role: hello.role, joinCode: hello.joinCode, session: hello.state });
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
      const { role, joinCode } = useBoardStore.getState();
      if (role) cacheSession(board, { role, joinCode, session: state });
    },
    onMine: (mine: MyVotes) => useBoardStore.setState({ mine: dictFrom(mine) as MyVotes }),
    onError: (error) => showToast(error.message),
    onClock: (offsetMs) => useBoardStore.setState({ clockOffsetMs: offsetMs }),
    onMoved: (moved) => useBoardStore.setState({ movedTo: moved }),
    onServerStatus: (status) => {
      useBoardStore.setState({ othersUnreachable: status.others === 'unreachable' ? status.message : null });
      if (status.others === 'connected') showToast(status.message);
    },
  });
  const onPresence = () => useBoardStore.setState({ peers: readPeers(provider, doc) });
  provider.awareness.on('change', onPresence);

  let destroyed = false;
  const connection: BoardConnection = {
    doc,
    provider,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      if (caretTimer) clearTimeout(caretTimer);
      caretTimer = null;
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

/**
 * Tells others which card (and which of its fields) this person is editing, or null. Leaving a field
 * also drops the caret from presence at once.
 */
export function setEditing(card: string | null, field: EditingField = 'text'): void {
  const awareness = current?.provider.awareness;
  const state = awareness?.getLocalState();
  if (!awareness || !state) return;
  // Presence carries the person's name: on an anonymous weakness it would say who is writing it.
  const s = useBoardStore.getState();
  const cardId = card !== null && authorHidden(s.session?.settings, s.index?.byId.get(card)?.kind ?? '') ? null : card;
  if (cardId === null) {
    pendingCaret = undefined;
    awareness.setLocalState({ ...state, editing: null, editingField: null, caret: null });
  } else if (state.editing !== cardId || state.editingField !== field) {
    awareness.setLocalState({ ...state, editing: cardId, editingField: field, ...(field === 'text' ? {} : { caret: null }) });
  }
}

/** Caret updates are sent at most this often: the server drops presence beyond 20 updates a second. */
const CARET_THROTTLE_MS = 120;
let caretTimer: ReturnType<typeof setTimeout> | null = null;
let pendingCaret: { card: string; selection: SelectionAnchors | null } | undefined;

function flushCaret(): void {
  caretTimer = null;
  const pending = pendingCaret;
  pendingCaret = undefined;
  const awareness = current?.provider.awareness;
  const state = awareness?.getLocalState();
  if (!pending || !awareness || !state || state.editing !== pending.card) return;
  awareness.setLocalStateField('caret', pending.selection);
  caretTimer = setTimeout(() => (pendingCaret ? flushCaret() : (caretTimer = null)), CARET_THROTTLE_MS);
}

/** Tells others where this person's caret (or selection) is in card `cardId`'s text, throttled. */
export function setCaret(cardId: string, selection: SelectionAnchors | null): void {
  pendingCaret = { card: cardId, selection };
  if (caretTimer === null) flushCaret();
}

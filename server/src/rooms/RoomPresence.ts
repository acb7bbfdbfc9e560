import { ERROR_CODES, MAX_AWARENESS_BYTES, AWARENESS_FRAMES_PER_SECOND } from '@sessionboard/shared';
import { awarenessFrame, readAwarenessEntries } from '@sessionboard/shared/sync';
import type { AwarenessEntry } from '@sessionboard/shared/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection, OutboundFrame } from './Connection.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';
import { PeerPeople } from './PeerPeople.ts';
import { FROM_PEERS } from './RoomPeers.ts';
import type { RoomPeers } from './RoomPeers.ts';

/** Awareness clients one connection may speak for (a provider has one; a page with several docs a few). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

/** What a room's presence needs from its room. */
export interface RoomPresenceDeps {
  board: string;
  awareness: awarenessProtocol.Awareness;
  /** The room's connections (the room adds and removes them). */
  conns: ReadonlySet<Connection>;
  peers?: RoomPeers;
  broadcast(frames: readonly OutboundFrame[]): void;
  /** Who is online changed. */
  peopleChanged(): void;
}

/**
 * A room's presence: the awareness states its connections may set (each only its own), their fan-out
 * here and to the other processes, and who is online, here and through the others.
 */
export class RoomPresence {
  private readonly awarenessBudget = new ConnectionBudget(AWARENESS_FRAMES_PER_SECOND, AWARENESS_FRAMES_PER_SECOND);
  /** The participants connected to each other process (scale-out), with when that was last said. */
  private readonly peerPeople = new PeerPeople();

  constructor(private readonly deps: RoomPresenceDeps) {}

  /** People (not connections; projectors not counted) connected now. */
  online(): number {
    return this.peerPeople.count(this.localPeople());
  }

  /** The manager's people timer: what the others said has expired, so the count changed. */
  expirePeers(): void {
    // A console's online count drops without waiting for another change.
    if (this.peerPeople.forgetSilent()) this.deps.peopleChanged();
  }

  private localPeople(): string[] {
    const people = new Set<string>();
    for (const c of this.deps.conns) if (c.role !== 'projector') people.add(c.participantId);
    return [...people];
  }

  /** Tells the other processes who is connected here (on joins and leaves, and every 20 s so a dead process's list expires). */
  announcePeople(): void {
    this.deps.peers?.publish(this.deps.board, { kind: 'people', participants: this.localPeople() });
  }

  /** Sends a joiner everyone's presence. */
  greet(conn: Connection): void {
    const { awareness } = this.deps;
    const states = [...awareness.getStates().keys()];
    if (states.length > 0) conn.send(awarenessFrame(awareness, states));
  }

  /** Removes the presence a leaving connection controlled. */
  drop(conn: Connection): void {
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.deps.awareness, [...conn.awarenessClients], null);
    }
  }

  /** Answers a query for everyone's presence. */
  answerQuery(conn: Connection): void {
    const { awareness } = this.deps;
    conn.send(awarenessFrame(awareness, [...awareness.getStates().keys()]));
  }

  apply(conn: Connection, frameBytes: number, update: Uint8Array): void {
    if (conn.role === 'projector') return; // the room screen has no presence of its own
    if (frameBytes > MAX_AWARENESS_BYTES) {
      conn.sendError({ code: ERROR_CODES.tooLarge, message: `Presence updates are limited to ${MAX_AWARENESS_BYTES} bytes.` });
      return;
    }
    if (!this.awarenessBudget.take(conn)) return; // throttled: a later presence update supersedes this one anyway
    const refusal = this.presenceRefusal(conn, readAwarenessEntries(update));
    if (refusal) {
      conn.sendError({ code: ERROR_CODES.forbidden, message: refusal });
      return;
    }
    awarenessProtocol.applyAwarenessUpdate(this.deps.awareness, update, conn);
  }

  /**
   * Why a connection's presence update may not be applied, or null: a connection speaks only for the
   * awareness clients it introduced itself (at most a few), so nobody can rewrite, remove or invent
   * someone else's presence, and nobody keeps states of clients that never existed.
   */
  private presenceRefusal(conn: Connection, entries: readonly AwarenessEntry[]): string | null {
    let claims = conn.awarenessClients.size;
    for (const { clientId, removes } of entries) {
      if (conn.awarenessClients.has(clientId)) continue;
      for (const other of this.deps.conns) {
        if (other === conn || !other.awarenessClients.has(clientId)) continue;
        // The same person back on a new connection before the old one timed out takes it over.
        if (other.participantId !== conn.participantId) return 'That presence belongs to someone else.';
        other.awarenessClients.delete(clientId);
      }
      if (removes) return 'There is no presence of yours to remove.';
      if (++claims > MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
        return `A connection may show at most ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} presences.`;
      }
    }
    return null;
  }

  readonly onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const { awareness, conns } = this.deps;
    const conn = conns.has(origin as Connection) ? (origin as Connection) : null;
    if (conn) {
      for (const id of [...added, ...updated]) conn.awarenessClients.add(id);
      for (const id of removed) conn.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    this.deps.broadcast([{ frame: awarenessFrame(awareness, changed), except: conn }]);
    // Each process times out stale presence on its own; what came from the others is theirs to say.
    if (origin !== FROM_PEERS && origin !== 'timeout') {
      this.deps.peers?.publish(this.deps.board, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, changed) });
    }
  };

  /** Presence another process sent. */
  fromPeers(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.deps.awareness, update, FROM_PEERS);
  }

  /** A process that loaded the board asks for the presence held here (and who is connected). */
  answerPeers(): void {
    const { awareness, conns } = this.deps;
    const mine = [...conns].flatMap((c) => [...c.awarenessClients]).filter((id) => awareness.getStates().has(id));
    if (mine.length > 0) this.deps.peers?.publish(this.deps.board, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, mine) });
    this.announcePeople();
  }

  /** `sender` says who is connected to it. */
  heard(sender: string, participants: string[]): void {
    this.peerPeople.heard(sender, participants);
    this.deps.peopleChanged();
  }
}

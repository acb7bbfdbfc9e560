import type { Command, CommandAck, Role, RoomSession, SessionState } from '@sessionboard/shared';
import { ERROR_CODES, RuleError, cardKindOf, hasCard, mergeSurvivors } from '@sessionboard/shared';
import type * as Y from 'yjs';
import type { Connection } from './Connection.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';
import type { RoomDeps } from './Room.ts';
import type { RoomScaleOut } from './RoomScaleOut.ts';
import type { WritePipeline } from './WritePipeline.ts';

/** Commands one connection may send: a burst, then so many a second (a person clicks far less). */
const COMMAND_BURST = 40;
const COMMANDS_PER_SECOND = 10;

/** What a room's control state needs from its room. */
export interface RoomControlDeps extends Pick<RoomDeps, 'store' | 'transports' | 'logger' | 'peers'> {
  board: string;
  doc: Y.Doc;
  session: RoomSession;
  conns: ReadonlySet<Connection>;
  /** The room's store queue: every change and write here runs in it. */
  pipeline: WritePipeline;
  /** The path of every change when other processes hold the board (under the store's lock). */
  scaleOut: RoomScaleOut;
  /** The room was destroyed: no timer is set again. */
  closed(): boolean;
  /** The session changed (the workshop console listens). */
  sessionChanged(): void;
}

/**
 * A room's control state (its RoomSession: step, timer, votes, hands, notice): commands, the workshop's
 * changes and the server's own (the timer's end, votes on removed cards), each applied in the store
 * queue, written, then announced. With other processes holding the board, each goes through
 * RoomScaleOut instead, under the store's lock.
 */
export class RoomControl {
  private readonly commandBudget = new ConnectionBudget(COMMAND_BURST, COMMANDS_PER_SECOND);
  private timerHandle: NodeJS.Timeout | null = null;
  /** The session changed but its last write failed: written again after the next good write and on drain. */
  private sessionDirty = false;
  /** lastActivity moved since the session row was last written. */
  private unsavedActivity = false;

  constructor(private readonly deps: RoomControlDeps) {}

  /** The session changed but its last write failed. */
  get dirty(): boolean {
    return this.sessionDirty;
  }

  touch(): void {
    this.deps.session.touch(Date.now());
    this.unsavedActivity = true;
  }

  /**
   * Runs a session command for `conn` and answers as the acknowledgement should. Commands run in the
   * store queue and are acknowledged only once the session is on disk; a write the store refuses
   * undoes the command and answers `internal`, so nothing acknowledged can be lost.
   */
  command(conn: Connection, command: Command): Promise<CommandAck> {
    if (!this.commandBudget.take(conn)) {
      return Promise.resolve({
        ok: false,
        error: { code: ERROR_CODES.rateLimited, message: `At most ${COMMANDS_PER_SECOND} commands a second; wait a moment.` },
      });
    }
    return this.run(command, conn.role, conn.participantId);
  }

  /**
   * Runs a command as `role` would (a workshop's `all.*` commands run here as the facilitator's);
   * the caller has applied any rate limit.
   */
  run(command: Command, role: Role, participant: string): Promise<CommandAck> {
    const { pipeline, session } = this.deps;
    pipeline.flushNow();
    if (this.deps.peers) return this.deps.scaleOut.runShared(command, role, participant);
    // `queued` hands an unexpected error back (logged, answered `internal`) instead of leaving the ack unsent.
    return pipeline
      .queued(async (): Promise<CommandAck> => {
        const before = session.toJSON();
        const version = session.state.version;
        let votesChanged: boolean;
        try {
          votesChanged = session.apply(command, role, participant, Date.now(), (id) => cardKindOf(this.deps.doc, id));
          if (votesChanged) this.touch();
        } catch (err) {
          if (err instanceof RuleError) return { ok: false, error: err.toProtocol() };
          session.restore(before);
          throw err;
        }
        try {
          await this.writeSession();
        } catch (err) {
          session.restore(before);
          this.deps.logger.error({ err, board: this.deps.board }, 'session not saved; command refused');
          return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server could not save that just now; nothing changed. Try again.' } };
        }
        // A command that changed nothing (a hand raised twice) is answered, not announced.
        if (session.state.version !== version) this.announceSession(votesChanged ? [participant] : []);
        return { ok: true, state: session.visible() };
      })
      .catch((err: unknown): CommandAck => {
        this.deps.logger.error({ err, board: this.deps.board, command: command.type }, 'command failed');
        return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server could not carry out that command. Try again.' } };
      });
  }

  /**
   * Applies a change the workshop makes to this board's session (its notice, a lowered hand): in the
   * queue, saved, then announced; resolves to whether anything changed. A refused write undoes it and rejects.
   */
  alterSession(change: (session: RoomSession) => boolean): Promise<boolean> {
    const { pipeline, session } = this.deps;
    if (this.deps.peers) {
      return pipeline.queued(async () => {
        const wrote = await this.deps.scaleOut.sharedChange(change);
        if (wrote) this.announceSession([]);
        return wrote;
      });
    }
    return pipeline.queued(async () => {
      const before = session.toJSON();
      let changed: boolean;
      try {
        changed = change(session);
      } catch (err) {
        session.restore(before);
        throw err;
      }
      if (!changed) return false;
      try {
        await this.writeSession();
      } catch (err) {
        session.restore(before);
        throw err;
      }
      this.announceSession([]);
      return true;
    });
  }

  /** After a change the server made itself (timer, pruned votes): save, then tell everyone. */
  private sessionChanged(votersChanged: string[]): Promise<void> {
    return this.deps.pipeline.enqueue(async () => {
      await this.writeSession().catch((err: unknown) => {
        this.deps.logger.error({ err, board: this.deps.board }, 'session not saved; retrying');
        this.deps.pipeline.failed();
      });
      this.announceSession(votersChanged);
    });
  }

  announceSession(votersChanged: string[]): void {
    const { session } = this.deps;
    this.scheduleTimer();
    this.broadcastState(session.visible());
    this.deps.sessionChanged();
    for (const participant of votersChanged) {
      const mine = session.mine(participant);
      for (const c of this.deps.conns) if (c.participantId === participant) c.sendMine(mine);
    }
  }

  private broadcastState(state: SessionState): void {
    for (const t of this.deps.transports) t.broadcastState(this.deps.board, state);
  }

  /** Writes the session row; inside the queue. A failure leaves it dirty, written again after the next good write. */
  async writeSession(): Promise<void> {
    this.sessionDirty = true;
    this.unsavedActivity = false;
    await this.deps.store.saveSession(this.deps.board, JSON.stringify(this.deps.session.toJSON()));
    this.sessionDirty = false;
    this.deps.pipeline.succeeded();
  }

  /**
   * Inside the queue, before a written batch goes out: a session whose last write failed is written
   * now; a failure again leaves it dirty and backs the pipeline off.
   */
  async writeIfDirty(): Promise<void> {
    if (this.sessionDirty) await this.writeSession().catch(() => this.deps.pipeline.failed());
  }

  saveSession(): Promise<void> {
    return this.deps.pipeline.enqueue(() =>
      this.writeSession().catch((err: unknown) => {
        this.deps.pipeline.failed();
        throw err;
      }),
    );
  }

  /**
   * After a snapshot, inside the queue: writes lastActivity as it was when the snapshot began, if it
   * moved since the session row was last written (with other processes, only if the stored one is older).
   */
  async saveActivity(activity: number | undefined): Promise<void> {
    if (this.unsavedActivity && !this.deps.peers) await this.writeSession().catch(() => this.deps.pipeline.failed());
    if (this.unsavedActivity && this.deps.peers && activity !== undefined) {
      this.unsavedActivity = false;
      await this.deps.scaleOut.sharedChange((s) => {
        if ((s.lastActivity ?? 0) >= activity) return false;
        s.touch(activity);
        return true;
      }).catch(() => undefined);
    }
  }

  pruneVotes(): void {
    const { doc } = this.deps;
    // A merged card's dots follow it to the card it was merged into (V7); the index is built once, when first needed.
    let survivors: Map<string, string> | undefined;
    const into = (card: string) => {
      survivors ??= mergeSurvivors(doc);
      const id = survivors.get(card);
      return id === undefined ? undefined : { id, kind: cardKindOf(doc, id) ?? 'unknown' };
    };
    const exists = (card: string) => hasCard(doc, card);
    if (this.deps.peers) {
      void this.deps.scaleOut.changeShared(
        (s) => {
          const voters = s.prune(exists, into);
          return voters.length > 0 ? voters : null;
        },
        () => this.pruneVotes(),
      );
      return;
    }
    const changed = this.deps.session.prune(exists, into);
    if (changed.length > 0) void this.sessionChanged(changed);
  }

  scheduleTimer(): void {
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = null;
    const { session } = this.deps;
    const timer = session.state.timer;
    if (timer.status !== 'running' || timer.endsAt === undefined || this.deps.closed()) return;
    const wait = Math.max(0, timer.endsAt - Date.now());
    this.timerHandle = setTimeout(() => {
      this.timerHandle = null;
      // Every process holding the board ends the timer; under the store's lock only the first changes it.
      if (this.deps.peers) void this.deps.scaleOut.changeShared((s) => (s.tick(Date.now()) ? [] : null), () => this.scheduleTimer());
      else if (session.tick(Date.now())) void this.sessionChanged([]);
      else this.scheduleTimer();
    }, wait);
    this.timerHandle.unref();
  }

  /** Stops the timer (the room is destroyed). */
  stopTimer(): void {
    if (this.timerHandle) clearTimeout(this.timerHandle);
  }
}

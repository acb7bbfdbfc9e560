import type { BoardFigures, GroupPriorities, GroupSummary, WorkshopPerson, WorkshopState } from '@sessionboard/shared';
import { WORKSHOP_EVENTS, boardFigures, boardPriorities } from '@sessionboard/shared';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Room, RoomChange } from '../rooms/Room.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { BoardStore, WorkshopRecord } from '../store/BoardStore.ts';
import type { IoServer } from '../realtime/types.ts';
import { personRoom } from '../realtime/SocketConnection.ts';
import type { WorkshopMessage } from '../scale/busMessages.ts';
import { SerialByKey } from './SerialByKey.ts';

/** What a workshop's live view tells the live views of the same workshop on other processes (scale-out). */
export interface WorkshopPeers {
  publish(workshop: string, msg: WorkshopMessage): void;
  subscribe(workshop: string, handler: (msg: WorkshopMessage) => void): Promise<void>;
  unsubscribe(workshop: string): void;
}

/** What a workshop's live view needs from the process around it. */
export interface WorkshopLiveDeps {
  rooms: RoomManager;
  store: BoardStore;
  io: IoServer;
  logger: Logger;
  metrics: Metrics;
  /** Least time between two `workshop:state`s (the contract's "about once a second"). */
  stateIntervalMs: number;
  /** Least time between two `workshop:priorities`. */
  prioritiesIntervalMs: number;
  /** The other processes (scale-out); absent when this process is alone. */
  peers?: WorkshopPeers;
}

/** Socket.IO rooms of a workshop: everyone watching, the instructor and mentors, the instructor alone. */
export function workshopRooms(id: string): { all: string; staff: string; instructor: string } {
  return { all: `workshop:${id}`, staff: `workshop:${id}:staff`, instructor: `workshop:${id}:instructor` };
}

interface Group {
  name: string;
  room: Room;
  /** Cached figures of the document; null after a document change until next asked for. */
  figures: BoardFigures | null;
  /** Cached summary; null after any change to the group until next asked for. */
  summary: GroupSummary | null;
  unwatch: () => void;
}

/**
 * The live view of one workshop while anyone watches it: holds every group's Room (so the console
 * reads the documents the rooms already have, never a copy per console), watches them, and sends
 * `workshop:state` at most once per interval. A change after a quiet spell goes out at once; changes
 * that keep coming go out once per interval. Figures are recomputed only for boards whose document
 * changed.
 */
export class WorkshopLive {
  private readonly groups: Group[] = [];
  private version = 0;
  /** Something changed since the version last went up. */
  private stale = true;
  private lastSentVersion = -1;
  private lastSentAt = 0;
  private stateTimer: NodeJS.Timeout | null = null;
  private prioritiesDirty = true;
  private lastPriorities = '';
  private lastPrioritiesAt = 0;
  private prioritiesTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly serial = new SerialByKey();

  private constructor(
    private current: WorkshopRecord,
    private readonly deps: WorkshopLiveDeps,
  ) {}

  /** Opens the view: loads (holds) every group's room. */
  static async open(record: WorkshopRecord, deps: WorkshopLiveDeps): Promise<WorkshopLive> {
    const live = new WorkshopLive(record, deps);
    const rooms = await Promise.all(record.groups.map((g) => deps.rooms.acquire(g.board)));
    record.groups.forEach((g, i) => {
      const room = rooms[i];
      if (!room) {
        deps.logger.error({ workshop: record.id, board: g.board }, 'a workshop group board is missing');
        return;
      }
      const group: Group = { name: g.name, room, figures: null, summary: null, unwatch: () => {} };
      group.unwatch = room.watch((change) => live.onRoomChange(group, change));
      live.groups.push(group);
    });
    return live;
  }

  get id(): string {
    return this.current.id;
  }

  /** The workshop as stored (groups, keys, notice, assignment, rotation). */
  get record(): WorkshopRecord {
    return this.current;
  }

  /** Takes a change the store has written (a notice, the assignment, the rotation) into the state. */
  update(patch: Partial<Pick<WorkshopRecord, 'notice' | 'assignment' | 'rotation'>>, fromPeers = false): void {
    this.current = { ...this.current, ...patch };
    this.changed();
    if (!fromPeers) this.deps.peers?.publish(this.id, { kind: 'record' });
  }

  /**
   * Runs `fn` as the only instructor's change to this workshop in progress, on this process and (on
   * PostgreSQL) on every other: two consoles acting at the same moment on different processes must not
   * interleave their writes (boards would end on different notices or steps, each in the order its own
   * writes happened to land). The second waits for the first, then applies its change over it.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const { store } = this.deps;
    return this.serial.run(this.id, () => (store.exclusive ? store.exclusive(`workshop:${this.id}`, fn) : fn()));
  }

  /** Tells a moved person's open board (on whichever process it is connected) to follow them. */
  tellMoved(fromBoard: string, participant: string, moved: { board: string; key: string; group: string }): void {
    // Not `local`: with several processes, Socket.IO's Redis adapter finds the person's connections on any of them.
    this.deps.io.to(personRoom(fromBoard, participant)).emit(WORKSHOP_EVENTS.moved, moved);
  }

  /** Every group's room, in the instructor's order. */
  groupRooms(): { name: string; room: Room }[] {
    return this.groups.map(({ name, room }) => ({ name, room }));
  }

  /** The group whose board is `board`. */
  groupOf(board: string): { name: string; room: Room } | undefined {
    return this.groups.find((g) => g.room.id === board);
  }

  private onRoomChange(group: Group, change: RoomChange): void {
    group.summary = null;
    this.stale = true;
    if (change === 'doc') {
      group.figures = null;
      this.prioritiesDirty = true;
    } else if (change === 'session') {
      this.prioritiesDirty = true; // a reveal changes which totals may be shown
    }
    this.changed();
  }

  /** Something the state shows changed: send it within the interval. */
  changed(): void {
    this.stale = true;
    if (this.closed) return;
    if (!this.stateTimer) {
      const wait = Math.max(0, this.lastSentAt + this.deps.stateIntervalMs - Date.now());
      this.stateTimer = setTimeout(() => this.sendState(), wait);
    }
    if (this.prioritiesDirty && !this.prioritiesTimer) {
      const wait = Math.max(0, this.lastPrioritiesAt + this.deps.prioritiesIntervalMs - Date.now());
      this.prioritiesTimer = setTimeout(() => this.sendPriorities(), wait);
    }
  }

  private summary(group: Group): GroupSummary {
    group.summary ??= this.summarise(group);
    return group.summary;
  }

  private summarise(group: Group): GroupSummary {
    const { room } = group;
    group.figures ??= boardFigures(room.doc);
    const s = room.session.state;
    const step = s.settings.steps[s.step];
    return {
      name: group.name,
      board: room.id,
      step: s.step,
      timer: s.timer,
      online: room.online(),
      counts: group.figures.counts,
      votesCast: room.session.votesCast(),
      goals: group.figures.goals,
      help: s.help,
      lastActivity: room.lastActivity,
      steps: s.settings.steps.length,
      stepTitle: step?.title ?? '',
      locked: s.locked,
      votesRevealed: s.votesRevealed,
      backlog: group.figures.backlog,
    };
  }

  /**
   * The state now. Its version goes up when anything in it may have changed since last asked (a
   * change in a group or in the workshop), without comparing whole states: at 30 groups the
   * serialisation cost more than the summaries.
   */
  state(): WorkshopState {
    const started = performance.now();
    try {
      return this.buildState();
    } finally {
      this.deps.metrics.workshopSummarySeconds.inc((performance.now() - started) / 1000);
    }
  }

  private buildState(): WorkshopState {
    const { title, joinCode, assignment, rotation, notice } = this.record;
    if (this.stale) {
      this.stale = false;
      this.version++;
    }
    return { version: this.version, notice, groups: this.groups.map((g) => this.summary(g)), title, joinCode, assignment, rotation };
  }

  private sendState(): void {
    this.stateTimer = null;
    if (this.closed) return;
    const state = this.state();
    this.lastSentAt = Date.now();
    if (state.version === this.lastSentVersion) return;
    this.lastSentVersion = state.version;
    this.deps.metrics.workshopStatesSent.inc();
    // Local, as every emit of a live view: each process's view serves the consoles connected to it.
    this.deps.io.local.to(workshopRooms(this.id).all).emit(WORKSHOP_EVENTS.state, state);
  }

  /** Priorities per group. Vote totals only where the board shows them (never hidden totals). */
  priorities(): GroupPriorities[] {
    const started = performance.now();
    const out = this.groups.map(({ name, room }) => ({ board: room.id, name, ...boardPriorities(room.doc, room.session.visible().votes) }));
    this.deps.metrics.workshopSummarySeconds.inc((performance.now() - started) / 1000);
    return out;
  }

  private sendPriorities(): void {
    this.prioritiesTimer = null;
    if (this.closed) return;
    this.prioritiesDirty = false;
    this.lastPrioritiesAt = Date.now();
    const { staff } = workshopRooms(this.id);
    if (!this.deps.io.sockets.adapter.rooms.get(staff)?.size) return;
    const priorities = this.priorities();
    const json = JSON.stringify(priorities);
    if (json === this.lastPriorities) return;
    this.lastPriorities = json;
    this.deps.io.local.to(staff).emit(WORKSHOP_EVENTS.priorities, priorities);
  }

  /** Who joined which group, for the instructor. */
  async people(): Promise<WorkshopPerson[]> {
    const members = await this.deps.store.workshopMembers(this.id);
    const names = new Map(this.record.groups.map((g) => [g.board, g.name]));
    return members.map((m) => ({ participant: m.participant, name: m.name, group: names.get(m.board) ?? '', joinedAt: m.joinedAt }));
  }

  /** Someone moved by this process's console: tell the instructors here and on the other processes. */
  peopleChangedEverywhere(): Promise<void> {
    this.deps.peers?.publish(this.id, { kind: 'people' });
    return this.peopleChanged();
  }

  /** Someone joined or moved: tell the instructor (read from the store, so every process agrees). */
  async peopleChanged(): Promise<void> {
    if (this.closed) return;
    const people = await this.people();
    this.deps.io.local.to(workshopRooms(this.id).instructor).emit(WORKSHOP_EVENTS.people, people);
  }

  /** Stops watching and gives the rooms back (they unload once nobody else holds them). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stateTimer) clearTimeout(this.stateTimer);
    if (this.prioritiesTimer) clearTimeout(this.prioritiesTimer);
    for (const g of this.groups) {
      g.unwatch();
      this.deps.rooms.release(g.room, true);
    }
  }
}

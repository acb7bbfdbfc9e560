import { MENTORING_SESSION, migrateBoardDoc, settingsFromTemplate, templateById } from '@sessionboard/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Room as RoomType, RoomDeps } from './Room.ts';
import { Room } from './Room.ts';
import { RoomSession } from '@sessionboard/shared';
import { parseStoredSession } from './storedSession.ts';
import type { BoardMessage } from '../scale/busMessages.ts';

/** How often a process tells the others who is connected to it, per board (their lists expire after 45 s). */
const PEOPLE_EVERY_MS = 20_000;

/**
 * Loads a board into a Room on first use and unloads it some time after its last client leaves.
 * A room being unloaded is first removed from the map, then drained and compacted; anyone asking for
 * it meanwhile waits and gets a fresh load with everything the old one wrote.
 */
export class RoomManager {
  private readonly rooms = new Map<string, RoomType>();
  private readonly loading = new Map<string, Promise<RoomType | null>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly stopWatchingPeers: () => void = () => undefined;
  private readonly stopWatchingStore: () => void;
  private readonly peopleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: RoomDeps,
    private readonly idleMs: number,
  ) {
    const { peers } = deps;
    this.stopWatchingStore = deps.store.onRestarted?.(() => {
      for (const room of this.rooms.values()) void room.reconcile();
    }) ?? (() => undefined);
    if (peers) {
      // Back after an outage: whatever the others wrote meanwhile is in the store.
      this.stopWatchingPeers = peers.onStatus((up) => {
        if (!up) return;
        for (const room of this.rooms.values()) {
          void room.catchUp();
          // What this process wrote meanwhile reached nobody else: they read it from the store.
          peers.publish(room.id, { kind: 'stale' });
          room.announcePeople();
        }
      });
      this.peopleTimer = setInterval(() => {
        for (const room of this.rooms.values()) {
          if (room.conns.size > 0) room.announcePeople();
          room.expirePeers();
        }
      }, PEOPLE_EVERY_MS);
      this.peopleTimer.unref();
    }
  }

  /** The live room for `id`, loading it if needed, with a hold the caller must end by `join` or `release`. */
  async acquire(id: string): Promise<RoomType | null> {
    const room = await this.get(id);
    if (room) {
      room.holds++;
      this.cancelIdle(id);
    }
    return room;
  }

  /** Ends a hold that did not become a connection, or notes that a connection left. */
  release(room: RoomType, hold = false): void {
    if (hold) room.holds = Math.max(0, room.holds - 1);
    if (room.conns.size > 0 || room.holds > 0 || this.rooms.get(room.id) !== room) return;
    this.cancelIdle(room.id);
    const timer = setTimeout(() => void this.unload(room), this.idleMs);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  /** Runs `fn` on a board's room (loading it for the call if nobody is connected). */
  async withRoom<T>(id: string, fn: (room: RoomType) => T | Promise<T>): Promise<T | null> {
    const room = await this.acquire(id);
    if (!room) return null;
    try {
      return await fn(room);
    } finally {
      this.release(room, true);
    }
  }

  /** Live rooms (for health and metrics). */
  get size(): number {
    return this.rooms.size;
  }

  /** Every live room. */
  all(): IterableIterator<RoomType> {
    return this.rooms.values();
  }

  private async get(id: string): Promise<RoomType | null> {
    const pendingUnload = this.unloading.get(id);
    if (pendingUnload) await pendingUnload;
    const live = this.rooms.get(id);
    if (live) return live;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  private async load(id: string): Promise<RoomType | null> {
    const { store, peers } = this.deps;
    const record = await store.getBoard(id);
    if (!record) return null;
    // Subscribed before reading the store, and messages held until the room exists: nothing written
    // by another process falls between what the store returned and what the bus brings.
    let early: [BoardMessage, string][] | null = [];
    let room: RoomType | null = null;
    if (peers) {
      await peers.subscribe(id, (msg, sender) => {
        if (room) room.fromPeers(msg, sender);
        else early?.push([msg, sender]);
      });
    }
    try {
      room = await this.build(id, record);
    } catch (err) {
      peers?.unsubscribe(id);
      throw err;
    }
    for (const [msg, sender] of early) room.fromPeers(msg, sender);
    early = null;
    peers?.publish(id, { kind: 'awareness-query' });
    return room;
  }

  private async build(id: string, record: NonNullable<Awaited<ReturnType<RoomDeps['store']['getBoard']>>>): Promise<RoomType> {
    const { store } = this.deps;
    const stored = await store.loadDoc(id);
    const doc = new Y.Doc({ gc: true });
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    migrateBoardDoc(doc);
    const fallback = settingsFromTemplate(templateById(record.template) ?? MENTORING_SESSION);
    const remembered = Object.fromEntries((await store.loadParticipants(id)).map(({ participant, name, role }) => [participant, { name, role }]));
    const session = new RoomSession(parseStoredSession(id, await store.loadSession(id), fallback), remembered);
    // A timer that ran out while the board was unloaded (or the server was down) is finished now.
    // (With other processes, the first to write it finishes it; see RoomScaleOut.changeShared.)
    if (!this.deps.peers) session.tick(Date.now());
    const room = new Room(
      record,
      doc,
      new awarenessProtocol.Awareness(doc),
      session,
      stored.lastUpdateId,
      stored.updates.length,
      this.deps,
    );
    this.rooms.set(id, room);
    this.deps.metrics.roomsLive.set(this.rooms.size);
    this.deps.logger.debug({ board: id, updates: stored.updates.length }, 'room loaded');
    return room;
  }

  private cancelIdle(id: string): void {
    const t = this.idleTimers.get(id);
    if (t) clearTimeout(t);
    this.idleTimers.delete(id);
  }

  private unload(room: RoomType): Promise<void> {
    if (this.rooms.get(room.id) !== room || room.conns.size > 0 || room.holds > 0) return Promise.resolve();
    this.rooms.delete(room.id);
    this.idleTimers.delete(room.id);
    this.deps.metrics.roomsLive.set(this.rooms.size);
    const done = (async () => {
      // Through the compactor: boards that empty together (a class ends) compact in turns, not in one.
      await this.deps.compactor.schedule(room, () => room.compact());
      room.destroy();
      this.deps.peers?.unsubscribe(room.id);
    })().finally(() => this.unloading.delete(room.id));
    this.unloading.set(room.id, done);
    return done;
  }

  /** Flushes, compacts and frees every room (graceful shutdown). */
  async closeAll(): Promise<void> {
    this.stopWatchingPeers();
    this.stopWatchingStore();
    if (this.peopleTimer) clearInterval(this.peopleTimer);
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.all([...this.loading.values()]);
    await Promise.all([...this.rooms.values()].map((room) => this.unloadNow(room)));
    await Promise.all([...this.unloading.values()]);
  }

  private async unloadNow(room: RoomType): Promise<void> {
    this.rooms.delete(room.id);
    await room.compact();
    room.destroy();
    this.deps.peers?.unsubscribe(room.id);
  }
}

import type { WorkshopLiveDeps } from './WorkshopLive.ts';
import { WorkshopLive } from './WorkshopLive.ts';

interface Entry {
  opening: Promise<WorkshopLive | null>;
  live: WorkshopLive | null;
  watchers: number;
  closeTimer: NodeJS.Timeout | null;
}

/**
 * One live view per workshop that anyone watches, shared by all its watchers. The last watcher's
 * leaving closes it after a grace period, so a console that reloads does not reload thirty boards.
 */
/** How often a process tries to read a workshop another process changed (0.5, 1, 2, 4, 8 s apart). */
const RECORD_READ_ATTEMPTS = 6;

export class WorkshopHub {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: WorkshopLiveDeps,
    private readonly graceMs: number,
  ) {}

  /** The live view of `id` (opened if needed), held until {@link release}; null when there is no such workshop. */
  async acquire(id: string): Promise<WorkshopLive | null> {
    let entry = this.entries.get(id);
    if (!entry) {
      const opening = this.open(id);
      const created: Entry = { opening, live: null, watchers: 0, closeTimer: null };
      entry = created;
      this.entries.set(id, created);
      void opening.then(
        (live) => {
          created.live = live;
          if (!live && this.entries.get(id) === created) this.entries.delete(id);
        },
        () => {
          if (this.entries.get(id) === created) this.entries.delete(id);
        },
      );
    }
    entry.watchers++;
    if (entry.closeTimer) clearTimeout(entry.closeTimer);
    entry.closeTimer = null;
    try {
      const live = await entry.opening;
      if (!live) entry.watchers--;
      return live;
    } catch (err) {
      entry.watchers--;
      throw err;
    }
  }

  private async open(id: string): Promise<WorkshopLive | null> {
    const { peers } = this.deps;
    // Subscribed first: a change another process makes while this view opens is not missed.
    await peers?.subscribe(id, (msg) => {
      const live = this.peek(id);
      if (!live) return;
      if (msg.kind === 'record') void this.recordChanged(live);
      else if (msg.kind === 'people') this.peopleChanged(id, true);
    });
    const record = await this.deps.store.getWorkshop(id);
    if (!record) peers?.unsubscribe(id);
    return record ? WorkshopLive.open(record, this.deps) : null;
  }

  /**
   * Another process changed the workshop: read the record as stored. The message carries no change of
   * its own: messages from two processes may arrive in either order, and the store holds the last
   * change; a store that does not answer is asked again, a little later each time.
   */
  private async recordChanged(live: WorkshopLive): Promise<void> {
    for (let attempt = 0; attempt < RECORD_READ_ATTEMPTS; attempt++) {
      if (this.peek(live.id) !== live) return;
      try {
        const stored = await this.deps.store.getWorkshop(live.id);
        if (stored) live.update({ notice: stored.notice, assignment: stored.assignment, rotation: stored.rotation }, true);
        return;
      } catch (err) {
        this.deps.logger.warn({ err, workshop: live.id, attempt }, 'workshop changed elsewhere and not read yet');
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt).unref());
      }
    }
  }

  /** Ends a hold from {@link acquire}. */
  release(live: WorkshopLive): void {
    const entry = this.entries.get(live.id);
    if (!entry || entry.live !== live) return;
    entry.watchers = Math.max(0, entry.watchers - 1);
    if (entry.watchers > 0) return;
    entry.closeTimer = setTimeout(() => {
      if (entry.watchers > 0 || this.entries.get(live.id) !== entry) return;
      this.entries.delete(live.id);
      live.close();
      this.deps.peers?.unsubscribe(live.id);
    }, this.graceMs);
    entry.closeTimer.unref();
  }

  /** The open view of `id`, if anyone watches it. */
  peek(id: string): WorkshopLive | null {
    return this.entries.get(id)?.live ?? null;
  }

  /** People joined or moved (from the HTTP join): the instructor's list follows. */
  peopleChanged(id: string, fromPeers = false): void {
    if (!fromPeers) this.deps.peers?.publish(id, { kind: 'people' });
    const live = this.peek(id);
    if (live) live.peopleChanged().catch((err: unknown) => this.deps.logger.error({ err, workshop: id }, 'people list not sent'));
  }

  /** Closes every view (shutdown), giving their rooms back before the rooms are flushed. */
  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const e of entries) if (e.closeTimer) clearTimeout(e.closeTimer);
    const lives = await Promise.all(entries.map((e) => e.opening.catch(() => null)));
    for (const live of lives) live?.close();
  }
}

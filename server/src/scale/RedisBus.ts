import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { BoardMessage, WorkshopMessage } from './busMessages.ts';
import { decodeBoardMessage, decodeWorkshopMessage, encodeBoardMessage, encodeWorkshopMessage } from './busMessages.ts';

type BoardHandler = (msg: BoardMessage, sender: string) => void;
type WorkshopHandler = (msg: WorkshopMessage, sender: string) => void;

const BOARD = 'sb:board:';
const WORKSHOP = 'sb:workshop:';
/** How long a room load waits for its subscription before going on (messages missed meanwhile are caught up from the store). */
const SUBSCRIBE_WAIT_MS = 2000;

/**
 * Redis pub/sub between the server processes: one channel per board and per workshop, subscribed
 * only while this process holds it. Pub/sub delivers at most once, and nothing while Redis is away;
 * that is enough because the store holds everything durable: a process that missed messages reads
 * the board again from the store when Redis returns (the `up` listeners), and until then serves its
 * own clients. Publishing never queues while Redis is down (the queue would grow without bound).
 */
export class RedisBus {
  /** This process, as the sender of its messages (a process ignores its own). */
  readonly id = randomBytes(8).toString('hex');
  readonly pub: Redis;
  readonly sub: Redis;
  private readonly boards = new Map<string, BoardHandler>();
  private readonly workshops = new Map<string, WorkshopHandler>();
  private readonly statusListeners = new Set<(up: boolean) => void>();
  private up = false;
  private closed = false;
  /** Messages not sent because Redis was unreachable (for metrics and logs). */
  dropped = 0;

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    const options = {
      // Reconnect for ever, at most a second apart: a Redis restart must not need a server restart.
      retryStrategy: (attempt: number) => Math.min(1000, 50 * attempt),
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    };
    this.pub = new Redis(url, { ...options, enableOfflineQueue: false });
    this.sub = new Redis(url, { ...options, autoResubscribe: true });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel.toString(), message));
    for (const client of [this.pub, this.sub]) {
      client.on('ready', () => this.updateStatus());
      client.on('close', () => this.updateStatus());
      client.on('end', () => this.updateStatus());
      // ioredis reconnects by itself; an error event without a listener would crash the process.
      client.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'redis connection error'));
    }
  }

  /** Whether messages flow to and from the other processes now. */
  get connected(): boolean {
    return this.up;
  }

  /** Resolves once both connections are ready, or rejects with a clear message after `ms`. */
  async ready(ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.up) {
      if (Date.now() > deadline) throw new Error(`Redis at REDIS_URL did not answer within ${ms / 1000} s.`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Calls `fn(up)` whenever the bus goes down or comes back. */
  onStatus(fn: (up: boolean) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private updateStatus(): void {
    const up = !this.closed && this.pub.status === 'ready' && this.sub.status === 'ready';
    if (up === this.up) return;
    this.up = up;
    // Closing on shutdown is not an outage: said at info, not as a warning.
    if (this.closed) this.logger.info({ process: this.id }, 'redis bus closed');
    else this.logger[up ? 'info' : 'warn']({ process: this.id }, up ? 'redis bus connected' : 'redis bus unreachable: serving this process’s clients only');
    for (const fn of this.statusListeners) fn(up);
  }

  private deliver(channel: string, message: Buffer): void {
    try {
      if (channel.startsWith(BOARD)) {
        const handler = this.boards.get(channel.slice(BOARD.length));
        if (!handler) return;
        const { sender, msg } = decodeBoardMessage(message);
        if (sender !== this.id) handler(msg, sender);
      } else if (channel.startsWith(WORKSHOP)) {
        const handler = this.workshops.get(channel.slice(WORKSHOP.length));
        if (!handler) return;
        const { sender, msg } = decodeWorkshopMessage(message.toString());
        if (sender !== this.id) handler(msg, sender);
      }
    } catch (err) {
      this.logger.error({ err, channel }, 'bus message not handled');
    }
  }

  subscribeBoard(board: string, handler: BoardHandler): Promise<void> {
    this.boards.set(board, handler);
    return this.subscribe(BOARD + board);
  }

  unsubscribeBoard(board: string): void {
    if (this.boards.delete(board)) this.unsubscribe(BOARD + board);
  }

  publishBoard(board: string, msg: BoardMessage): void {
    this.publish(BOARD + board, encodeBoardMessage(this.id, msg));
  }

  subscribeWorkshop(workshop: string, handler: WorkshopHandler): Promise<void> {
    this.workshops.set(workshop, handler);
    return this.subscribe(WORKSHOP + workshop);
  }

  unsubscribeWorkshop(workshop: string): void {
    if (this.workshops.delete(workshop)) this.unsubscribe(WORKSHOP + workshop);
  }

  publishWorkshop(workshop: string, msg: WorkshopMessage): void {
    this.publish(WORKSHOP + workshop, encodeWorkshopMessage(this.id, msg));
  }

  private async subscribe(channel: string): Promise<void> {
    // Queued while Redis is away and sent when it returns; the caller does not wait for that.
    const done = this.sub.subscribe(channel).then(
      () => undefined,
      (err: unknown) => this.logger.warn({ err, channel }, 'bus subscribe failed'),
    );
    if (!this.up) return;
    await Promise.race([done, new Promise((r) => setTimeout(r, SUBSCRIBE_WAIT_MS).unref())]);
  }

  private unsubscribe(channel: string): void {
    this.sub.unsubscribe(channel).catch(() => undefined);
  }

  private publish(channel: string, payload: Buffer | string): void {
    if (!this.up) {
      this.dropped++;
      return;
    }
    this.pub.publish(channel, payload).catch(() => {
      this.dropped++;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.updateStatus();
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub.quit().catch(() => undefined)]);
  }
}

import path from 'node:path';
import { parseTrustProxy } from './security/clientAddress.ts';
import type { TrustProxy } from './security/clientAddress.ts';

/** Everything the server reads from its environment, parsed once. */
export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  /** Base of the links handed out; by default the address a request came in on. */
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
  /** A PostgreSQL schema of its own for the tables (default: the connection's search path). */
  databaseSchema: string | undefined;
  /** Every document update waits for PostgreSQL's disk flush (DATABASE_SYNC_UPDATES=on); off by default. */
  databaseSyncUpdates: boolean;
  redisUrl: string | undefined;
  logLevel: string;
  /** How long a board stays loaded after its last client leaves. */
  roomIdleMs: number;
  /** Raw updates kept before they are compacted into a snapshot. */
  compactEveryUpdates: number;
  /** Bytes of document updates one connection may send per minute (a burst of one largest frame). */
  updateBytesPerMinute: number;
  /** Bytes of first sync replies over one frame (offline work) one address may send per minute, across boards. */
  largeSyncReplyBytesPerMinute: number;
  /** Connection attempts per address: burst size and refill per second. */
  connectBurst: number;
  connectPerSecond: number;
  /** Wrong join codes per address: free allowance, and how many are forgiven per second (then a growing backoff). */
  joinBurst: number;
  joinPerSecond: number;
  /** Look-ups of one right join code (from anywhere): burst size and refill per second. */
  joinCodeBurst: number;
  joinCodePerSecond: number;
  /**
   * Look-ups and joins of one workshop's code (from anywhere), each counted apart: burst and refill per
   * second. A workshop is a whole room (30 groups of 8 behind one venue address), so far more than a board's.
   */
  workshopJoinBurst: number;
  workshopJoinPerSecond: number;
  /** Workshop joins of one person (their participant id): burst and refill per second. */
  workshopPersonBurst: number;
  workshopPersonPerSecond: number;
  /** Board (and workshop) creations per address: burst size and refill per second. */
  createBurst: number;
  createPerSecond: number;
  /** Bytes of board exports an address may import per minute (board creations by import). */
  importBytesPerMinute: number;
  /** Whose X-Forwarded-For to believe (Express's `trust proxy`); false: the socket's peer is the client. */
  trustProxy: TrustProxy;
  /** Where the built client lives; `null` to serve no pages (API-only tests). */
  clientDir: string | null;
  /** Connections (both transports) one address may hold open at once. */
  connectionsPerAddress: number;
  /** When set, `GET /metrics` asks for `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

function atLeast(n: number, min: number, name: string): number {
  if (n < min) throw new Error(`${name} must be at least ${min}, got ${n}`);
  return n;
}

function onOff(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'on' || value === '1' || value === 'true') return true;
  if (value === 'off' || value === '0' || value === 'false') return false;
  throw new Error(`${name} must be on or off, got "${value}"`);
}

/** The configuration from `env`, with the defaults DESIGN.md names. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST || undefined,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    databaseSyncUpdates: onOff(env.DATABASE_SYNC_UPDATES, false, 'DATABASE_SYNC_UPDATES'),
    redisUrl: env.REDIS_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    roomIdleMs: int(env.ROOM_IDLE_MS, 30_000, 'ROOM_IDLE_MS'),
    compactEveryUpdates: int(env.COMPACT_EVERY_UPDATES, 500, 'COMPACT_EVERY_UPDATES'),
    updateBytesPerMinute: int(env.MAX_UPDATE_BYTES_PER_MINUTE, 8 * 1024 * 1024, 'MAX_UPDATE_BYTES_PER_MINUTE'),
    // At least one largest frame a minute: below it a refused reply would be asked for again but never taken.
    largeSyncReplyBytesPerMinute: atLeast(int(env.MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE, 16 * 1024 * 1024, 'MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE'), 1024 * 1024, 'MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE'),
    connectBurst: int(env.RATE_CONNECT_BURST, 120, 'RATE_CONNECT_BURST'),
    connectPerSecond: int(env.RATE_CONNECT_PER_SECOND, 10, 'RATE_CONNECT_PER_SECOND'),
    joinBurst: int(env.RATE_JOIN_BURST, 10, 'RATE_JOIN_BURST'),
    joinPerSecond: int(env.RATE_JOIN_PER_SECOND, 0.2, 'RATE_JOIN_PER_SECOND'),
    joinCodeBurst: int(env.RATE_JOIN_CODE_BURST, 60, 'RATE_JOIN_CODE_BURST'),
    joinCodePerSecond: int(env.RATE_JOIN_CODE_PER_SECOND, 1, 'RATE_JOIN_CODE_PER_SECOND'),
    workshopJoinBurst: int(env.RATE_WORKSHOP_JOIN_BURST, 400, 'RATE_WORKSHOP_JOIN_BURST'),
    workshopJoinPerSecond: int(env.RATE_WORKSHOP_JOIN_PER_SECOND, 10, 'RATE_WORKSHOP_JOIN_PER_SECOND'),
    workshopPersonBurst: int(env.RATE_WORKSHOP_PERSON_BURST, 10, 'RATE_WORKSHOP_PERSON_BURST'),
    workshopPersonPerSecond: int(env.RATE_WORKSHOP_PERSON_PER_SECOND, 1, 'RATE_WORKSHOP_PERSON_PER_SECOND'),
    createBurst: int(env.RATE_CREATE_BURST, 30, 'RATE_CREATE_BURST'),
    createPerSecond: int(env.RATE_CREATE_PER_SECOND, 0.5, 'RATE_CREATE_PER_SECOND'),
    importBytesPerMinute: int(env.RATE_IMPORT_BYTES_PER_MINUTE, 16 * 1024 * 1024, 'RATE_IMPORT_BYTES_PER_MINUTE'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    clientDir: path.resolve(import.meta.dirname, '../../client/dist'),
    metricsToken: env.METRICS_TOKEN || undefined,
    connectionsPerAddress: int(env.MAX_CONNECTIONS_PER_ADDRESS, 400, 'MAX_CONNECTIONS_PER_ADDRESS'),
  };
}

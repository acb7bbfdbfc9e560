import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { ERROR_CODES, MAX_SYNC_REPLY_BYTES, serverStatus } from '@sessionboard/shared';
import type { Config } from './config.ts';
import { IMPORT_BODY_LIMIT, boardRoutes } from './http/boardRoutes.ts';
import type { BoardRouteDeps } from './http/boardRoutes.ts';
import { healthRoutes } from './http/healthRoutes.ts';
import { staticClient } from './http/staticClient.ts';
import { sendError } from './http/apiError.ts';
import { createLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { attachGateway, createIo } from './realtime/gateway.ts';
import { watchSlowReaders } from './realtime/SlowReaders.ts';
import { Compactor } from './rooms/Compactor.ts';
import { RoomManager } from './rooms/RoomManager.ts';
import { memoryLimiters, redisLimiters } from './security/Limiter.ts';
import { OpenConnections } from './security/OpenConnections.ts';
import { RateLimiter } from './security/RateLimiter.ts';
import { clientAddress } from './security/clientAddress.ts';
import { SqliteStore } from './store/SqliteStore.ts';
import { PostgresStore } from './store/PostgresStore.ts';
import { WatchedStore } from './store/WatchedStore.ts';
import { createYWebsocket } from './realtime/ywebsocket.ts';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { RedisBus } from './scale/RedisBus.ts';
import { roomPeers, workshopPeers } from './scale/peers.ts';
import { WorkshopHub } from './workshops/WorkshopHub.ts';
import { exportRoutes, importBoard } from './http/exportRoutes.ts';
import { workshopRoutes } from './http/workshopRoutes.ts';
import type { WorkshopRouteDeps } from './http/workshopRoutes.ts';

/** A built (not yet listening) server. */
export interface App {
  httpServer: http.Server;
  rooms: RoomManager;
  /** Live views of the workshops someone watches. */
  workshops: WorkshopHub;
  /** The store, watched: `writeFailure()` tells whether its writes are failing now. */
  store: WatchedStore;
  /** The link to the other processes (REDIS_URL), or null for one process alone. */
  bus: RedisBus | null;
  logger: Logger;
  /** Starts listening; resolves to the port (pass 0 for a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, disconnects clients, flushes every room to the store and closes it. */
  close(): Promise<void>;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  );
  next();
}

/** Builds the whole server from `config`; never listens on its own (tests start it on port 0). */
export function createApp(config: Config): App {
  if (config.redisUrl && !config.databaseUrl) {
    throw new Error('REDIS_URL is set without DATABASE_URL: several processes must share one PostgreSQL database. Set DATABASE_URL too, or unset REDIS_URL; see the README, "Storage and scale-out".');
  }
  const started = Date.now();
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const store = new WatchedStore(
    config.databaseUrl
      ? new PostgresStore(config.databaseUrl, config.databaseSchema, config.databaseSyncUpdates)
      : new SqliteStore(config.dataDir, (message) => logger.error({ message }, 'WAL checkpoint failed')),
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);

  const { io, transport } = createIo(httpServer);
  // Scale-out: the bus carries boards and workshops between processes; Socket.IO's Redis adapter
  // carries what is addressed to a person wherever they are connected (a workshop move).
  const bus = config.redisUrl ? new RedisBus(config.redisUrl, logger) : null;
  const adapterClients = config.redisUrl ? [new Redis(config.redisUrl), new Redis(config.redisUrl)] : [];
  for (const client of adapterClients) client.on('error', (err: Error) => logger.debug({ err: err.message }, 'socket.io adapter redis error'));
  // The adapter's channels are per schema: processes that share boards share DATABASE_SCHEMA, and another
  // deployment (or test run) on the same Redis with another schema does not hear their broadcasts.
  const adapterKey = config.databaseSchema ? `sb:io:${config.databaseSchema}` : 'sb:io';
  if (adapterClients[0] && adapterClients[1]) io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: adapterKey }));
  const yws = createYWebsocket({ logger, metrics });
  const compactor = new Compactor();
  const rooms = new RoomManager(
    {
      store,
      transports: [transport, yws.transport],
      logger,
      metrics,
      compactEveryUpdates: config.compactEveryUpdates,
      updateBytesPerMinute: config.updateBytesPerMinute,
      // Two largest replies' worth at once (in memory: a per-process bound on decoding, not a shared quota).
      largeSyncReplies: new RateLimiter(2 * MAX_SYNC_REPLY_BYTES, config.largeSyncReplyBytesPerMinute / 60),
      compactor,
      ...(bus ? { peers: roomPeers(bus) } : {}),
    },
    config.roomIdleMs,
  );
  // Several processes behind a balancer count every limit together in Redis; one process counts in memory.
  const limiters = config.redisUrl
    ? redisLimiters(
        new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000 }),
        `sessionboard:${config.databaseSchema ?? 'public'}:limits`,
        logger,
      )
    : memoryLimiters();
  const limits = {
    addressOf: (req: http.IncomingMessage) => clientAddress(req, config),
    attempts: limiters.limiter('connect', config.connectBurst, config.connectPerSecond),
    open: new OpenConnections(config.connectionsPerAddress),
  };
  const workshops = new WorkshopHub(
    { rooms, store, io, logger, metrics, stateIntervalMs: 1000, prioritiesIntervalMs: 3000, ...(bus ? { peers: workshopPeers(bus) } : {}) },
    10_000,
  );
  attachGateway(io, transport, { rooms, workshops, store, limits, logger, metrics });
  yws.attach(httpServer, rooms, limits);
  if (bus) {
    // Clients hear when this process loses the others (and when it has them back), not silence.
    bus.onStatus((up) => io.local.emit('server:status', serverStatus(up)));
    io.on('connection', (socket) => {
      if (!bus.connected) socket.emit('server:status', serverStatus(false));
    });
  }
  const stopWatchingSlowReaders = watchSlowReaders(io, logger, metrics);

  const routeDeps: BoardRouteDeps = {
    store,
    rooms,
    wrongJoins: limiters.wrongGuesses('wrong-join', config.joinBurst, config.joinPerSecond),
    joinCodeLimiter: limiters.limiter('join-code', config.joinCodeBurst, config.joinCodePerSecond),
    workshopJoinLimiter: limiters.limiter('workshop-join', config.workshopJoinBurst, config.workshopJoinPerSecond),
    createLimiter: limiters.limiter('create', config.createBurst, config.createPerSecond),
    importLimiter: limiters.limiter('import-bytes', config.importBytesPerMinute, config.importBytesPerMinute / 60),
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    importer: importBoard,
  };
  const workshopDeps: WorkshopRouteDeps = {
    ...routeDeps,
    participantJoinLimiter: limiters.limiter('workshop-person', config.workshopPersonBurst, config.workshopPersonPerSecond),
    onPeopleChanged: (id) => workshops.peopleChanged(id),
  };
  app.use(securityHeaders);
  app.use(healthRoutes(rooms, store, metrics, started, config.metricsToken, bus));
  app.use(boardRoutes(routeDeps));
  app.use(exportRoutes(store, rooms));
  app.use(workshopRoutes(workshopDeps));
  app.use('/api', (_req, res) => sendError(res, 404, ERROR_CODES.notFound, 'No such API route.'));
  app.use(staticClient(config.clientDir));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') sendError(res, 413, ERROR_CODES.tooLarge, `That request body is too large: at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MB (a board export).`);
    else if (err.type === 'entity.parse.failed') sendError(res, 400, ERROR_CODES.invalid, 'The request body is not valid JSON.');
    // Static files: a malformed or encoded path (/assets/..%2f, a bad %-escape) is the client's error, never a 500.
    else if (err.status === 404) sendError(res, 404, ERROR_CODES.notFound, 'Not found.');
    else if (err.status === 403) sendError(res, 403, ERROR_CODES.forbidden, 'That path is not allowed.');
    else if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) sendError(res, 400, ERROR_CODES.invalid, 'That request is malformed.');
    else {
      logger.error({ err }, 'request failed');
      sendError(res, 500, ERROR_CODES.internal, 'Something went wrong on the server.');
    }
  });

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    rooms,
    workshops,
    store,
    logger,
    bus,
    async listen(port, host) {
      // A database store first makes sure its tables exist; a bad DATABASE_URL stops the start here.
      await store.ready();
      // Redis away at start is not fatal (this process serves its own clients and catches up later), but said.
      await bus?.ready(5000).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'starting without the other processes'));
      await limiters.ready();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    close() {
      closing ??= (async () => {
        yws.close();
        stopWatchingSlowReaders();
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          // This process's sockets only: through the Redis adapter a plain disconnectSockets reaches every
          // process on the bus, and one process stopping would drop every Socket.IO client of the others.
          io.local.disconnectSockets(true);
        });
        await workshops.closeAll();
        await rooms.closeAll();
        await compactor.close();
        await bus?.close();
        await Promise.all(adapterClients.map((c) => c.quit().catch(() => undefined)));
        await store.close();
        await limiters.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => (httpServer.listening ? httpServer.close(() => resolve()) : resolve()));
      })();
      return closing;
    },
  };
}

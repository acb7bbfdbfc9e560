import { Router } from 'express';
import type { Metrics } from '../metrics.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { WatchedStore } from '../store/WatchedStore.ts';
import type { RedisBus } from '../scale/RedisBus.ts';
import { ERROR_CODES } from '@sessionboard/shared';
import { sameSecret } from '../security/keys.ts';
import { sendError } from './apiError.ts';

/**
 * `GET /healthz` and `GET /metrics` (Prometheus text format). Health is "not ready" (503) while the
 * store refuses writes, so a load balancer or an operator sees a disk-full outage.
 */
export function healthRoutes(rooms: RoomManager, store: WatchedStore, metrics: Metrics, started: number, metricsToken?: string, bus?: RedisBus | null): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const uptimeSeconds = Math.round((Date.now() - started) / 1000);
    const unreachable = await store.ping().then(
      () => null,
      (err: unknown) => ({ since: Date.now(), message: `PostgreSQL does not answer: ${(err as Error).message}` }),
    );
    const failure = store.writeFailure() ?? unreachable;
    // Redis away does not make a process unready: it still serves its clients and catches up later.
    const peers = bus ? { bus: { connected: bus.connected, process: bus.id } } : {};
    if (failure) {
      res.status(503).json({ ok: false, store: { writing: false, since: failure.since, error: failure.message }, ...peers, uptimeSeconds, rooms: rooms.size });
      return;
    }
    res.json({ ok: true, store: { writing: true }, ...peers, uptimeSeconds, rooms: rooms.size });
  });
  router.get('/metrics', async (req, res) => {
    // Metrics name boards and counts; behind a token when one is set (METRICS_TOKEN).
    if (metricsToken !== undefined && !sameSecret(metricsToken, (req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, ERROR_CODES.forbidden, 'Metrics need Authorization: Bearer <METRICS_TOKEN>.');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

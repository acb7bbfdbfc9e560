import { Router } from 'express';
import type { Metrics } from '../metrics.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';

/** `GET /healthz` and `GET /metrics` (Prometheus text format). */
export function healthRoutes(rooms: RoomManager, metrics: Metrics, started: number): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, uptimeSeconds: Math.round((Date.now() - started) / 1000), rooms: rooms.size });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

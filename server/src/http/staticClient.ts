import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Serves the built client, with its pages (/, /join, /b/..., /w/...) falling back to index.html. */
export function staticClient(dir: string | null): Router {
  const router = Router();
  const index = dir ? path.join(dir, 'index.html') : null;
  if (!dir || !index || !fs.existsSync(index)) {
    router.get(['/', '/join', '/join/*code', '/b/*board', '/w/*workshop'], (_req, res) => {
      res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (or `npm start`, which builds it).');
    });
    return router;
  }
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  router.get(['/', '/join', '/join/*code', '/b/*board', '/w/*workshop'], (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

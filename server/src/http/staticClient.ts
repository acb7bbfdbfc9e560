import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { precompressed, sendPrecompressed } from './precompressed.ts';

/** The app's pages, all served by index.html: start, join, a board, a workshop's views. */
const PAGES = ['/', '/join', '/join/*code', '/b/*board', '/w/*workshop'];

/** Serves the built client, with its pages (/, /join, /b/...) falling back to index.html. */
export function staticClient(dir: string | null): Router {
  const router = Router();
  const index = dir ? path.join(dir, 'index.html') : null;
  if (!dir || !index || !fs.existsSync(index)) {
    router.get(PAGES, (_req, res) => {
      res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (or `npm start`, which builds it).');
    });
    return router;
  }
  // Hashed file names never change: a year's cache, and the build's Brotli or gzip copy when accepted.
  router.use('/assets', precompressed(path.join(dir, 'assets'), { 'Cache-Control': 'public, max-age=31536000, immutable' }));
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  // The service worker script is checked for updates on every navigation: never cached.
  router.get('/sw.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(dir, 'sw.js'));
  });
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  router.get(PAGES, (req, res) => {
    if (sendPrecompressed(req, res, index, { 'Cache-Control': 'no-cache' })) return;
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

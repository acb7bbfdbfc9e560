import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';

/** The `/yjs` address of a board on a server at `serverUrl` (http://…). */
export function yjsUrl(serverUrl: string, board: string, key: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}/yjs/${board}?key=${key}`;
}

/** A raw WebSocket to `url`, once it is open; rejects when the connection fails or is refused. */
export function openSocket(url: string, options?: ClientOptions): Promise<WebSocket> {
  const ws = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The HTTP status an upgrade to `url` is answered with: 101 when it opens (it is closed again at once). */
export function upgradeStatus(url: string, options?: ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    // After an answer, a terminated socket's error is expected; before one, it is the answer.
    ws.on('error', reject);
  });
}

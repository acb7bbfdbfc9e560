// Floor: a raw WebSocket broadcast relay with no Yjs. Each message goes to every other socket on the same path.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { RelayFaults } from './relayOptions.ts';
import { withFaults } from './relayOptions.ts';

/** A listening relay. */
export interface Relay {
  port: number;
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1:`port` (0 for a free one). */
export function startWsRelay(port: number, faults: RelayFaults = {}): Promise<Relay> {
  const rooms = new Map<string, Set<WebSocket>>();
  const server = http.createServer((_req, res) => res.end('ws relay'));
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const forward = withFaults(faults);
  wss.on('connection', (ws, req) => {
    const room = req.url ?? '/';
    let peers = rooms.get(room);
    if (!peers) rooms.set(room, (peers = new Set()));
    const members = peers;
    members.add(ws);
    ws.on('message', (data, isBinary) =>
      forward(() => {
        for (const p of members) if (p !== ws && p.readyState === p.OPEN) p.send(data, { binary: isBinary });
      }),
    );
    ws.on('close', () => members.delete(ws));
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.close(() => done());
          }),
      }),
    ),
  );
}

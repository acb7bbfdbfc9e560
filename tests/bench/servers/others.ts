import { freePort } from './freePort.ts';
import type { LaunchOptions } from './launch.ts';
import { jsonPort, launch, serverPid, stopProcess } from './launch.ts';
import type { BenchServer } from './types.ts';

/** The reference y-websocket server: `@y/websocket-server`'s own bin (in-memory documents), room = URL path. */
export async function startYWebsocketRef(options: LaunchOptions = {}): Promise<BenchServer> {
  // Its bin reports the port it was given, not the one it got, so the port is chosen here.
  const port = await freePort();
  const { child } = await launch(
    ['node_modules/@y/websocket-server/src/server.js'],
    {
      ...options,
      env: { HOST: '127.0.0.1', PORT: String(port), ...options.env },
    },
    { portFrom: (line) => (line.includes('running at') ? port : null) },
  );
  let n = 0;
  return {
    name: 'y-websocket-ref',
    pid: serverPid(child),
    yjs: true,
    newRoom: async () => ({
      protocol: 'yws',
      url: `ws://127.0.0.1:${port}/room-${++n}`,
    }),
    stop: () => stopProcess(child),
  };
}

const RELAY_MAIN = 'tests/bench/servers/main/relayMain.ts';

/** Hocuspocus (`@hocuspocus/server`, no extensions); one WebSocket per client, document name in each frame. */
export async function startHocuspocusProcess(options: LaunchOptions = {}): Promise<BenchServer> {
  const { child, port } = await launch(['--import', 'tsx', RELAY_MAIN, 'hocuspocus'], options, { portFrom: jsonPort });
  let n = 0;
  return {
    name: 'hocuspocus',
    pid: serverPid(child),
    yjs: true,
    newRoom: async () => ({
      protocol: 'hocuspocus',
      url: `ws://127.0.0.1:${port}`,
      doc: `room-${++n}`,
    }),
    stop: () => stopProcess(child),
  };
}

/** A floor: the raw `ws` relay or the raw Socket.IO relay, no Yjs at all. */
export async function startRelay(kind: 'ws' | 'sio', options: LaunchOptions = {}): Promise<BenchServer> {
  const { child, port } = await launch(['--import', 'tsx', RELAY_MAIN, kind], options, { portFrom: jsonPort });
  let n = 0;
  return {
    name: kind === 'ws' ? 'ws-relay' : 'socketio-relay',
    pid: serverPid(child),
    yjs: false,
    newRoom: async () =>
      kind === 'ws'
        ? { protocol: 'yws', url: `ws://127.0.0.1:${port}/room-${++n}` }
        : {
            protocol: 'sio',
            url: `http://127.0.0.1:${port}`,
            auth: { board: `room-${++n}` },
          },
    stop: () => stopProcess(child),
  };
}

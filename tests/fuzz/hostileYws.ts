/** Hostile /yjs clients: raw `ws` sockets sending hostile frames in sessions, a fatal frame last. */
import { WebSocket } from 'ws';
import type { Budget } from './budget.ts';
import type { HostileFrames } from './hostileFrames.ts';
import type { Rng } from './rng.ts';

function opened(ws: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), 5000);
    ws.once('open', () => (clearTimeout(t), resolve(true)));
    ws.once('error', () => (clearTimeout(t), resolve(false)));
  });
}

/** A ping answered once the server has read everything sent before it (ws reads in order). */
function roundTrip(ws: WebSocket, ms = 5000): Promise<boolean> {
  if (ws.readyState !== ws.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(t);
      ws.off('pong', pong);
      ws.off('close', close);
      resolve(ok);
    };
    const t = setTimeout(() => done(false), ms);
    const pong = () => done(true);
    const close = () => done(false);
    ws.once('pong', pong);
    ws.once('close', close);
    ws.ping();
  });
}

function closedWithin(ws: WebSocket, ms: number): Promise<string> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve('still open'), ms);
    ws.once('close', (code: number) => (clearTimeout(t), resolve(String(code))));
  });
}

/** One hostile connection: up to 300 frames (as a Socket.IO session), then a hang-up (ours or the server's). */
export async function hostileYwsSession(wsUrl: string, rng: Rng, frames: HostileFrames, budget: Budget): Promise<void> {
  const ws = new WebSocket(wsUrl, { maxPayload: 64 * 1024 * 1024 });
  ws.on('error', () => {});
  ws.on('message', () => {});
  let closeCode = 0;
  ws.on('close', (code: number) => (closeCode = code));
  const started = Date.now();
  budget.sessions++;
  if (!(await opened(ws))) {
    budget.closed(Date.now() - started >= 5000 ? 'refused (no answer in 5 s)' : 'refused');
    ws.terminate();
    return;
  }
  const length = 1 + rng.int(300);
  const held: { kind: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < length && budget.open && ws.readyState === ws.OPEN; i++) {
    const f = frames.next();
    // A frame the server will find malformed ends the connection: keep it for the end of the session.
    if (f.fatal) {
      held.push(f);
      continue;
    }
    ws.send(f.bytes);
    budget.record(`yjs:${f.kind}`, f.bytes);
    if (i % 16 === 15 && !(await roundTrip(ws))) break;
    if (ws.bufferedAmount > 4 * 1024 * 1024) await roundTrip(ws);
  }
  const last = held[0];
  if (last && ws.readyState === ws.OPEN && budget.open) {
    ws.send(last.bytes);
    budget.record(`yjs:${last.kind}`, last.bytes);
    budget.closed(`server ${await closedWithin(ws, 2000)}`);
  } else {
    await roundTrip(ws);
    budget.closed(ws.readyState === ws.OPEN ? 'client' : `server (mid-session) ${closeCode}`);
  }
  if (rng.chance(0.5)) ws.terminate();
  else ws.close();
}

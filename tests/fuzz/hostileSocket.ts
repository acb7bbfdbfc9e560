/** Hostile Socket.IO clients: raw packets past the client's checks, in sessions, a closing packet last. */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import type { Budget } from './budget.ts';
import type { HostileEvents } from './hostileEvents.ts';
import type { Rng } from './rng.ts';

type Packet = { type: number; data: unknown[]; id?: number };

/** Writes a packet past the client's checks; false when this side cannot even encode it. */
function rawPacket(socket: Socket, packet: Packet): boolean {
  try {
    (socket as unknown as { packet(p: Packet): void }).packet(packet);
    return true;
  } catch {
    return false;
  }
}

/** A short, JSON-safe picture of a packet for the reproduction log (binary as hex, long strings cut). */
function summary(v: unknown, depth = 0): unknown {
  if (v instanceof Uint8Array) return `<bin ${v.length}: ${Buffer.from(v.buffer, v.byteOffset, Math.min(v.length, 256)).toString('hex')}>`;
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v;
  if (typeof v === 'number' && !Number.isFinite(v)) return `<${v}>`;
  if (v === undefined) return '<undefined>';
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => summary(x, depth + 1));
  return Object.fromEntries(Object.entries(v).slice(0, 50).map(([k, x]) => [k, summary(x, depth + 1)]));
}

function describe(data: unknown[]): string {
  return JSON.stringify(summary(data));
}

/** The server acknowledges `clock` once it has handled every packet sent before it. */
async function roundTrip(socket: Socket): Promise<boolean> {
  if (!socket.connected) return false;
  try {
    await socket.timeout(5000).emitWithAck('clock');
    return true;
  } catch {
    return false;
  }
}

export async function hostileSocketSession(url: string, auth: Record<string, unknown>, rng: Rng, events: HostileEvents, budget: Budget): Promise<void> {
  const socket = io(url, { parser: msgpackParser, auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
  budget.sessions++;
  const ok = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
  if (!ok) {
    budget.closed('refused');
    socket.close();
    return;
  }
  let reason = '';
  socket.on('disconnect', (r: string) => (reason = r));
  socket.on('error', () => {});
  const length = 1 + rng.int(300);
  let fatal: { kind: string; data: unknown[] } | undefined;
  let id = 10_000;
  for (let i = 0; i < length && budget.open && socket.connected; i++) {
    const e = events.next();
    if (e.fatal) {
      fatal ??= e;
      continue;
    }
    if (!rawPacket(socket, rng.chance(0.2) ? { type: 2, data: e.data, id: id++ } : { type: 2, data: e.data })) continue;
    budget.record(e.kind, describe(e.data));
    if (i % 64 === 63 && !(await roundTrip(socket))) break;
  }
  if (fatal && socket.connected && budget.open) {
    rawPacket(socket, { type: 2, data: fatal.data });
    budget.record(fatal.kind, describe(fatal.data));
    const deadline = Date.now() + 2000;
    while (socket.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    budget.closed(socket.connected ? 'still open after a closing packet' : `server: ${reason}`);
  } else {
    await roundTrip(socket);
    budget.closed(socket.connected ? 'client' : `server (mid-session): ${reason}`);
  }
  socket.close();
}

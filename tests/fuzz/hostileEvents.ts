/**
 * Hostile Socket.IO packets, written past socket.io-client's checks with `socket.packet()`: odd event
 * names (non-strings, reserved, empty, long), commands with bad shapes, `yjs` with the wrong payload type,
 * and hostile y-websocket frames as `yjs`.
 */
import type { Rng } from './rng.ts';
import type { HostileFrames } from './hostileFrames.ts';

/** One hostile packet's `data` (event name first), and whether the server should close the connection. */
export interface HostileEvent {
  kind: string;
  data: unknown[];
  fatal: boolean;
}

const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener'];
const COMMAND_TYPES = ['timer.start', 'timer.pause', 'timer.resume', 'timer.extend', 'timer.reset', 'step.goto', 'votes.reveal', 'board.lock', 'settings.update', 'vote.add', 'vote.remove'];

function oddValue(rng: Rng, depth = 0): unknown {
  const r = rng.int(depth > 2 ? 9 : 12);
  switch (r) {
    case 0: return null;
    case 1: return rng.pick([0, -1, 1e308, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, 0.5]);
    case 2: return rng.pick(['', 'x', '__proto__', 'constructor', '💥'.repeat(rng.int(100)), 'a'.repeat(rng.int(20_000))]);
    case 3: return rng.chance(0.5);
    case 4: return Buffer.from(rng.bytes(rng.int(64)));
    case 5: return undefined;
    case 6: return rng.int(1000);
    case 7: return 'timer.start';
    case 8: return { type: rng.pick(COMMAND_TYPES) };
    case 9: return Array.from({ length: rng.int(5) }, () => oddValue(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = rng.int(5);
      // defineProperty: a `__proto__` key becomes an own field on the wire, not this object's prototype.
      for (let i = 0; i < n; i++) Object.defineProperty(o, rng.pick(['type', 'ms', 'durationMs', 'step', 'card', 'settings', 'revealed', 'locked', '__proto__', 'constructor', 'steps', 'votesPerPerson']), { value: oddValue(rng, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
  }
}

function badCommand(rng: Rng): unknown {
  const type = rng.chance(0.8) ? rng.pick(COMMAND_TYPES) : oddValue(rng);
  const r = rng.int(8);
  if (r === 0) return oddValue(rng);
  if (r === 1) return { type, settings: { steps: Array.from({ length: rng.int(40) }, () => ({ title: oddValue(rng), durationMs: oddValue(rng) })), votesPerPerson: oddValue(rng) } };
  if (r === 2) return { type, card: oddValue(rng) };
  if (r === 3) return { type, ms: oddValue(rng), durationMs: oddValue(rng) };
  if (r === 4) return { type, step: oddValue(rng) };
  if (r === 5) return { type, big: 'z'.repeat(17 * 1024 + rng.int(4096)) };
  if (r === 6) return JSON.stringify({ type });
  return { type, revealed: oddValue(rng), locked: oddValue(rng) };
}

/** Makes hostile packets; `frames` supplies hostile `yjs` payloads. */
export class HostileEvents {
  constructor(
    private readonly rng: Rng,
    private readonly frames: HostileFrames,
  ) {}

  next(): HostileEvent {
    const { rng } = this;
    const r = rng.int(100);
    if (r < 35) {
      const f = this.frames.next();
      // A frame over the transport's message limit is never sent here (it would only measure the limit).
      return { kind: `yjs:${f.kind}`, data: ['yjs', Buffer.from(f.bytes)], fatal: false };
    }
    if (r < 45) return { kind: 'yjs:wrong-type', data: ['yjs', oddValue(rng)], fatal: false };
    if (r < 65) return { kind: 'command:bad-shape', data: ['session:command', badCommand(rng), ...(rng.chance(0.3) ? [oddValue(rng)] : [])], fatal: false };
    if (r < 70) return { kind: 'clock:odd', data: ['clock', oddValue(rng)], fatal: false };
    if (r < 80) {
      const name = rng.pick(['hello', 'session:state', 'votes:mine', 'yjs ', 'YJS', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(64), '\u0000', '💥']);
      return { kind: 'event:unknown-name', data: [name, oddValue(rng)], fatal: false };
    }
    if (r < 86) return { kind: 'event:reserved-name', data: [rng.pick(RESERVED), oddValue(rng)], fatal: true };
    if (r < 90) return { kind: 'event:long-name', data: ['n'.repeat(65 + rng.int(5000)), 1], fatal: true };
    if (r < 92) return { kind: 'event:empty-name', data: ['', 1], fatal: true };
    if (r < 97) {
      const name = rng.pick<unknown>([42, null, true, { toString: 1 }, ['yjs'], Buffer.from('yjs'), -1, { length: 3 }]);
      return { kind: 'event:non-string-name', data: [name, oddValue(rng)], fatal: true };
    }
    return { kind: 'event:no-name', data: [], fatal: true };
  }
}

import type { ClientToServerEvents, ServerToClientEvents, WorkshopCommand, WorkshopCommandAck } from '@sessionboard/shared/light';
import { ERROR_CODES, WORKSHOP_EVENTS, readWorkshop } from '@sessionboard/shared/light';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { resetWorkshopStore, useWorkshopStore } from '../store/workshopStore.ts';
import { bestSample, sampleOffset } from './clock.ts';
import type { ClockSample } from './clock.ts';

/** The workshop view's socket, typed by the protocol's event maps (its workshop events live there too). */
type WorkshopSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CLOCK_SAMPLES = 5;
const CLOCK_RESYNC_MS = 60_000;
const COMMAND_TIMEOUT_MS = 10_000;
/** Refusals after which reconnecting cannot help: the link itself is wrong. */
const FINAL_REFUSALS = new Set<string>([ERROR_CODES.workshopNotFound, ERROR_CODES.forbidden]);

let socket: WorkshopSocket | null = null;

/** Hands a payload that passed its schema to `handle`; a malformed one is dropped and said so in the console. */
function accept<T>(event: string, value: T | null, handle: (value: T) => void): void {
  if (value === null) {
    console.warn(`Sessionboard: ignored a malformed "${event}" from the server.`);
    return;
  }
  handle(value);
}

/** Reads `GET /api/workshops/:id?key=` into the store: the group keys live only there. */
async function loadInfo(workshop: string, key: string, signal: AbortSignal): Promise<void> {
  try {
    const res = await fetch(`/api/workshops/${encodeURIComponent(workshop)}?key=${encodeURIComponent(key)}`, { signal });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      useWorkshopStore.setState({ infoError: body?.error?.code ?? `http_${res.status}` });
      return;
    }
    const info = readWorkshop.info(await res.json());
    useWorkshopStore.setState(info ? { info, infoError: null } : { infoError: 'malformed' });
  } catch {
    if (!signal.aborted) useWorkshopStore.setState({ infoError: 'offline' });
  }
}

/** Estimates the server clock offset from a few `clock` round trips, as the board's provider does. */
async function syncClock(s: WorkshopSocket): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < CLOCK_SAMPLES && s.connected; i++) {
    const sentAt = Date.now();
    try {
      const serverNow: unknown = await s.timeout(3000).emitWithAck('clock');
      if (typeof serverNow !== 'number' || !Number.isFinite(serverNow)) return;
      samples.push(sampleOffset(sentAt, serverNow, Date.now()));
    } catch {
      return;
    }
  }
  const best = bestSample(samples);
  if (best) useWorkshopStore.setState({ clockOffsetMs: best.offsetMs });
}

/**
 * Opens workshop `workshop` with `key`: its info over HTTP and its live view over Socket.IO (msgpack),
 * into the workshop store. Returns the teardown; calling it twice is harmless (StrictMode).
 */
export function connectWorkshop(workshop: string, key: string): () => void {
  resetWorkshopStore(workshop, key);
  const abort = new AbortController();
  void loadInfo(workshop, key, abort.signal);

  const s: WorkshopSocket = io({ parser: msgpackParser, auth: { workshop, key }, reconnectionDelayMax: 4000 });
  socket = s;
  let clockTimer: ReturnType<typeof setInterval> | null = null;
  // After a reconnect the server may have restarted and counted its versions from zero again.
  let fresh = true;

  s.on('connect', () => {
    fresh = true;
    useWorkshopStore.setState({ status: 'connecting', errorCode: null });
    void syncClock(s);
    if (clockTimer) clearInterval(clockTimer);
    clockTimer = setInterval(() => void syncClock(s), CLOCK_RESYNC_MS);
  });
  s.on(WORKSHOP_EVENTS.state, (payload: unknown) =>
    accept(WORKSHOP_EVENTS.state, readWorkshop.state(payload), (state) => {
      const prev = useWorkshopStore.getState().state;
      if (!fresh && prev && state.version < prev.version) return;
      fresh = false;
      useWorkshopStore.setState({ state, status: 'synced' });
    }),
  );
  s.on(WORKSHOP_EVENTS.priorities, (payload: unknown) =>
    accept(WORKSHOP_EVENTS.priorities, readWorkshop.priorities(payload), (priorities) => useWorkshopStore.setState({ priorities })),
  );
  s.on(WORKSHOP_EVENTS.people, (payload: unknown) =>
    accept(WORKSHOP_EVENTS.people, readWorkshop.people(payload), (people) => useWorkshopStore.setState({ people, peopleKnown: true })),
  );
  s.on('disconnect', () => {
    if (clockTimer) clearInterval(clockTimer);
    clockTimer = null;
    useWorkshopStore.setState({ status: 'offline' });
  });
  s.on('connect_error', (err: Error) => {
    const code = err.message;
    if (FINAL_REFUSALS.has(code)) {
      s.disconnect();
      useWorkshopStore.setState({ status: 'error', errorCode: code });
    } else {
      useWorkshopStore.setState({ status: 'offline', errorCode: code === ERROR_CODES.rateLimited ? code : null });
    }
  });

  let destroyed = false;
  return () => {
    if (destroyed) return;
    destroyed = true;
    abort.abort();
    if (clockTimer) clearInterval(clockTimer);
    s.disconnect();
    if (socket === s) socket = null;
  };
}

/** Sends a workshop command; offline, a timeout or a malformed answer comes back as a refusal with a message. */
export async function sendWorkshopCommand(command: WorkshopCommand): Promise<WorkshopCommandAck> {
  if (!socket?.connected) {
    return { ok: false, error: { code: ERROR_CODES.internal, message: 'You are offline; try again when the console is live.' } };
  }
  try {
    const ack = readWorkshop.ack(await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck(WORKSHOP_EVENTS.command, command));
    return ack ?? { ok: false, error: { code: ERROR_CODES.internal, message: 'The server answered in a shape this page does not know; reload the page.' } };
  } catch {
    return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server did not answer in time; try again.' } };
  }
}

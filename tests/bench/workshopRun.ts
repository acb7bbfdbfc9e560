// Scenario G: a workshop of 30 groups × 8 clients, one writer per group adding a card at 1 Hz, the
// instructor's console and the workshop projector connected. Measures the console's lag (a card
// written → the console's `workshop:state` counting it), the server CPU the summaries cost (the
// server's own counter, and the server's CPU with and without the console), and the bytes a second
// the console receives.
import http from 'node:http';
import { ORIGINS, addCard, createBoardDoc } from '@sessionboard/shared';
import type { CreatedWorkshop, WorkshopState } from '@sessionboard/shared';
import { updateFrame } from '@sessionboard/shared/sync';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { rawSocketIo } from './clients/rawSocketIo.ts';
import { cpuSeconds } from './procStats.ts';
import { latencyOf, sleep } from './stats.ts';
import type { Latency } from './stats.ts';

/** The shape of G. */
export interface WorkshopSpec {
  groups: number;
  clientsPerGroup: number;
  writeHz: number;
  /** Each measured phase (with and without the console). */
  phaseMs: number;
}

/** G as the issue sets it: 30 groups × 8 clients, one writer per group at 1 Hz, 10-second phases. */
export const WORKSHOP_SPEC: WorkshopSpec = { groups: 30, clientsPerGroup: 8, writeHz: 1, phaseMs: 10_000 };

/** What G measured. */
export interface WorkshopResult {
  title: string;
  groups: number;
  clients: number;
  /** Card written → the console's state counting it. */
  consoleLagMs: Latency;
  writesMeasured: number;
  /** Writes the console never counted within the run. */
  writesMissed: number;
  /** Server CPU (cores) while the console and projector are connected, and while neither is. */
  serverCoresWithConsole: number;
  serverCoresWithoutConsole: number;
  /** The server's own figure: CPU seconds spent deriving states and priorities, over its CPU seconds, in %. */
  summaryCpuPercent: number;
  /** (with − without) / with, in %: the same cost seen from outside, noisier. */
  consoleCpuPercentByDifference: number;
  /** Bytes a second the console received (all its packets, as on the wire). */
  consoleBytesPerSecond: number;
  statesPerSecond: number;
}

function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const data = JSON.stringify(body);
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`POST ${path} answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function get(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      })
      .on('error', reject);
  });
}

async function summarySeconds(base: string): Promise<number> {
  const text = await get(base, '/metrics');
  const line = text.split('\n').find((l) => l.startsWith('sessionboard_workshop_summary_seconds_total'));
  return Number(line?.split(' ')[1] ?? NaN);
}

/** A live view client counting what it receives. */
function liveView(base: string, workshop: string, key: string, onState: (s: WorkshopState, at: number) => void): { socket: Socket; bytes: () => number; ready: Promise<void> } {
  const socket = io(base, { parser: msgpackParser, auth: { workshop, key }, transports: ['websocket'], reconnection: false, forceNew: true });
  let bytes = 0;
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (p: { data?: unknown }) => {
      const d = p.data;
      if (typeof d === 'string') bytes += Buffer.byteLength(d);
      else if (d instanceof ArrayBuffer) bytes += d.byteLength;
      else if (ArrayBuffer.isView(d)) bytes += d.byteLength;
    });
  });
  socket.on('workshop:state', (s: WorkshopState) => onState(s, performance.now()));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('workshop:state', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, bytes: () => bytes, ready };
}

/** Runs G against our server at `base` (pid for CPU). */
export async function runWorkshop(base: string, pid: number, spec: WorkshopSpec): Promise<WorkshopResult> {
  const created = await post<CreatedWorkshop>(base, '/api/workshops', { title: 'Bench class', groups: spec.groups });
  const receivers: { close(): void }[] = [];
  const writers: { doc: ReturnType<typeof createBoardDoc>; send: (f: Uint8Array) => void; close(): void; board: string }[] = [];
  for (const g of created.groups) {
    const auth = { board: g.board, key: g.keys.member, name: 'bench' };
    for (let i = 0; i < spec.clientsPerGroup - 1; i++) {
      const c = rawSocketIo(base, { ...auth, participant: `bench-${g.board.slice(0, 8)}-${i}` }, () => {});
      await c.ready;
      receivers.push(c);
    }
    const doc = createBoardDoc();
    const c = rawSocketIo(base, { ...auth, participant: `bench-${g.board.slice(0, 8)}-w` }, () => {});
    await c.ready;
    doc.on('update', (u: Uint8Array) => c.send(updateFrame(u)));
    writers.push({ doc, send: c.send, close: c.close, board: g.board });
  }

  // Writes: per group, the time each card went out; the console counts notes per group.
  const sentAt = created.groups.map(() => [] as number[]);
  let writing: NodeJS.Timeout[] = [];
  const startWriting = () => {
    const period = 1000 / spec.writeHz;
    writing = writers.map((w, gi) =>
      setTimeout(() => {
        const one = () => {
          sentAt[gi]!.push(performance.now());
          addCard(w.doc, { kind: 'note', text: `note ${sentAt[gi]!.length}`, author: 'bench', authorId: 'bench' }, ORIGINS.local);
        };
        one();
        writing[gi] = setInterval(one, period);
      }, (gi * period) / writers.length),
    );
  };
  const stopWriting = () => {
    for (const t of writing) {
      clearTimeout(t);
      clearInterval(t);
    }
  };

  const lags: number[] = [];
  const seen = created.groups.map(() => 0);
  let measuring = false;
  let states = 0;
  const onState = (s: WorkshopState, at: number) => {
    if (measuring) states++;
    s.groups.forEach((g, gi) => {
      const counted = g.counts.note;
      for (let k = seen[gi]! + 1; k <= counted; k++) {
        const t = sentAt[gi]![k - 1];
        if (t !== undefined && measuring) lags.push(at - t);
      }
      seen[gi] = Math.max(seen[gi]!, counted);
    });
  };

  startWriting();
  await sleep(2000); // warm: rooms loaded, writers steady
  // Without a console: the rooms and their clients only.
  let cpu0 = cpuSeconds(pid);
  await sleep(spec.phaseMs);
  const withoutCores = (cpuSeconds(pid) - cpu0) / (spec.phaseMs / 1000);

  const console_ = liveView(base, created.id, created.keys.instructor, onState);
  const screen = liveView(base, created.id, created.keys.projector, () => {});
  await Promise.all([console_.ready, screen.ready]);
  await sleep(1500);
  measuring = true;
  const bytes0 = console_.bytes();
  const sum0 = await summarySeconds(base);
  cpu0 = cpuSeconds(pid);
  const firstMeasured = sentAt.map((s) => s.length);
  await sleep(spec.phaseMs);
  const cpu1 = cpuSeconds(pid);
  const sum1 = await summarySeconds(base);
  const bytes1 = console_.bytes();
  const lastMeasured = sentAt.map((s) => s.length);
  stopWriting();
  await sleep(2500); // the last writes reach the console
  measuring = false;
  const withCores = (cpu1 - cpu0) / (spec.phaseMs / 1000);
  const writesMeasured = lastMeasured.reduce((a, n, i) => a + n - (firstMeasured[i] ?? 0), 0);
  const writesMissed = sentAt.reduce((a, s, i) => a + Math.max(0, s.length - (seen[i] ?? 0)), 0);

  console_.socket.close();
  screen.socket.close();
  for (const r of receivers) r.close();
  for (const w of writers) {
    w.close();
    w.doc.destroy();
  }
  return {
    title: `G workshop: ${spec.groups} groups × ${spec.clientsPerGroup} clients, one writer per group at ${spec.writeHz} Hz, console + workshop projector`,
    groups: spec.groups,
    clients: spec.groups * spec.clientsPerGroup + 2,
    consoleLagMs: latencyOf(lags),
    writesMeasured,
    writesMissed,
    serverCoresWithConsole: withCores,
    serverCoresWithoutConsole: withoutCores,
    summaryCpuPercent: ((sum1 - sum0) / (cpu1 - cpu0)) * 100,
    consoleCpuPercentByDifference: ((withCores - withoutCores) / withCores) * 100,
    consoleBytesPerSecond: (bytes1 - bytes0) / (spec.phaseMs / 1000),
    statesPerSecond: states / ((spec.phaseMs + 2500) / 1000),
  };
}

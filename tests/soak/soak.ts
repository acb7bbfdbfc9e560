/**
 * The soak: the server bundle as `npm start` runs it, many boards with a few people each on both
 * transports, writers typing at a person's pace, votes and commands now and then, for minutes. It
 * samples the server every second and times every writer's update to every other client of its board;
 * then everyone leaves and the rooms must unload and the process come back to where it started.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command, CreatedBoard } from '@sessionboard/shared';
import { addCard, readBoard, readCardText, spliceCardText } from '@sessionboard/shared';
import { marker } from '../bench/clients/marker.ts';
import { fingerprint } from '../fuzz/honest.ts';
import { ServerWatch, openFds } from '../fuzz/serverWatch.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresUnreachable } from '../helpers/postgres.ts';
import { TEST_REDIS_URL, redisReachable } from '../helpers/redis.ts';
import { createBoard, tempDataDir } from '../helpers/server.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import type { ServerProcess } from '../helpers/spawnServer.ts';
import { Rng } from '../fuzz/rng.ts';
import { SoakClient } from './SoakClient.ts';
import type { SoakTransport } from './SoakClient.ts';
import { ServerSampler, metricValue, scrape } from './ServerSampler.ts';
import type { Sample } from './ServerSampler.ts';
import { percentile, summarize } from './windows.ts';
import type { ProcessFigures, SoakReport } from './windows.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WINDOW_MS = 15_000;
/** pg.Pool closes a connection idle for 10 s; after everyone left, the descriptors get this long to come back. */
const PG_POOL_IDLE_WAIT_MS = 15_000;

export interface SoakOptions {
  clients: number;
  boards: number;
  /** Length of the writing phase. */
  seconds: number;
  /** Writes a second per writer (one client in three writes). */
  writeHz: number;
  /** The server's ROOM_IDLE_MS: how soon an empty board unloads. */
  roomIdleMs: number;
  build: boolean;
  seed: number;
  /** Extra environment for the server (COMPACT_EVERY_UPDATES, …). */
  env: Record<string, string>;
  /** Where the server writes a CPU profile (`node --cpu-prof`), or null for none. */
  cpuProfDir?: string | null;
  /**
   * Server processes (default 1). With more, they share one fresh PostgreSQL schema (DATABASE_URL, else
   * the machine's `test` database) and Redis (REDIS_URL, else 127.0.0.1:6379), and each board's clients
   * are spread over them in turn.
   */
  processes?: number;
  log: (line: string) => void;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Why several processes cannot run here (PostgreSQL or Redis does not answer), in one line, or null. */
export async function scaleOutUnavailable(): Promise<string | null> {
  const pg = await postgresUnreachable(TEST_DATABASE_URL);
  if (pg) return `soak --processes: needs PostgreSQL and Redis: ${pg} (set DATABASE_URL)`;
  if (!(await redisReachable(TEST_REDIS_URL))) return `soak --processes: needs PostgreSQL and Redis: no Redis at ${TEST_REDIS_URL} (set REDIS_URL)`;
  return null;
}

/** One server process of the soak and what was read from it. */
interface Proc {
  server: ServerProcess;
  watch: ServerWatch;
  sampler: ServerSampler;
  dataDir: string;
  start: Sample | null;
  end: Sample | null;
}

/** Rule refusals an ordinary client meets (an empty budget, a timer already paused); anything else is a failure. */
const RULE_CODES = new Set(['budget_exhausted', 'not_votable', 'card_not_found', 'card_cap', 'invalid']);

interface Member {
  client: SoakClient;
  board: number;
  /** Writer id (its markers' first number), or -1 for a reader. */
  writer: number;
  card: string | null;
  ticks: number;
  facilitator: boolean;
  timer: NodeJS.Timeout | null;
  /** Markers seen, per writer id. */
  seen: Map<number, number>;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { log } = options;
  const rng = new Rng(options.seed);
  if (options.build) {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`server bundle build failed:\n${built.stderr}`);
  }
  const processes = Math.max(1, Math.floor(options.processes ?? 1));
  const schema = processes > 1 ? freshSchema('b') : null;
  if (schema) {
    const why = await scaleOutUnavailable();
    if (why) throw new Error(why);
  }
  const started = Date.now();
  const procs: Proc[] = [];
  const killServers = () => procs.forEach((p) => p.server.child.kill('SIGKILL'));
  process.once('exit', killServers);
  const shared: Record<string, string> = schema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, REDIS_URL: TEST_REDIS_URL } : {};
  // One after the other: the first creates the schema and its tables.
  for (let n = 0; n < processes; n++) {
    const dataDir = tempDataDir();
    // SIGUSR2 asks for a heap snapshot, which V8 takes after a full collection: after everyone has left,
    // heap used then is what the server still holds, rather than whatever V8 has not collected yet.
    const nodeOptions = [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${dataDir}`, options.env.NODE_OPTIONS ?? ''].join(' ').trim();
    const server = await spawnServer(
      {
        DATA_DIR: dataDir,
        ROOM_IDLE_MS: String(options.roomIdleMs),
        RATE_CONNECT_BURST: '100000',
        RATE_CONNECT_PER_SECOND: '100000',
        RATE_CREATE_BURST: '100000',
        RATE_CREATE_PER_SECOND: '100000',
        MAX_CONNECTIONS_PER_ADDRESS: '100000',
        ...shared,
        ...options.env,
        NODE_OPTIONS: nodeOptions,
      },
      'bundle',
      options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [],
    );
    const watch = new ServerWatch(server);
    procs.push({ server, watch, sampler: new ServerSampler(watch.pid, server.url, started, n), dataDir, start: null, end: null });
  }
  const first = procs[0] as Proc;
  const death = () => procs.find((p) => p.watch.death)?.watch.death ?? null;
  const scrapeAll = async (name: string) => {
    let sum = 0;
    for (const p of procs) sum += metricValue(await scrape(p.server.url).catch(() => ''), name);
    return sum;
  };
  const failures: string[] = [];
  const members: Member[] = [];
  const sentAt = new Map<number, number[]>();
  const windows: number[][] = [];
  const clockRtts: { at: number; ms: number }[] = [];
  const commands = { ok: 0, refused: 0, failed: 0 };
  let unloadMs: number | null = null;
  let compactions = { count: 0, totalMs: 0, over20Ms: 0 };
  /** When writing began (0 until then); delivery windows count from it. */
  let runStart = 0;

  try {
    const where = procs.map((p) => `pid ${p.watch.pid} on ${p.server.url}`).join(', ');
    log(
      `soak: ${procs.length > 1 ? `${procs.length} server processes (${where}) on PostgreSQL schema ${schema} and Redis` : `server ${where}`}, ${options.clients} clients over ${options.boards} boards, ${options.seconds} s`,
    );
    const boards: CreatedBoard[] = [];
    for (let b = 0; b < options.boards; b++) boards.push(await createBoard(first.server.url, { title: `Soak ${b}`, team: `Team ${b}` }));
    await sleep(500);
    for (const p of procs) p.start = await p.sampler.sample();

    // Per board: the first client is its facilitator on Socket.IO; then Socket.IO and /yjs alternate.
    // With several processes the board's clients go round them, shifted every second client (so both
    // transports are on every process: with two, a board's clients are on p1 p2 p2 p1 p1) and by board.
    let writers = 0;
    for (let i = 0; i < options.clients; i++) {
      const b = i % options.boards;
      const nth = Math.floor(i / options.boards);
      const transport: SoakTransport = nth === 0 || nth % 2 === 0 ? 'socket.io' : 'yjs';
      const facilitator = nth === 0;
      const board = boards[b] as CreatedBoard;
      const at = (nth + Math.floor(nth / 2) + b) % procs.length;
      const proc = procs[at] as Proc;
      const client = new SoakClient(transport, `c${i}-${transport}${procs.length > 1 ? `-p${at + 1}` : ''}`, proc.server.url, board.id, facilitator ? board.keys.facilitator : board.keys.member);
      const m: Member = { client, board: b, writer: i % 3 === 0 ? writers++ : -1, card: null, ticks: 0, facilitator, timer: null, seen: new Map() };
      client.onMarker = (w, seq) => {
        m.seen.set(w, (m.seen.get(w) ?? 0) + 1);
        const at = sentAt.get(w)?.[seq];
        if (at === undefined) return;
        const now = Date.now();
        const idx = Math.floor((now - runStart) / WINDOW_MS);
        (windows[idx] ??= []).push(now - at);
      };
      members.push(m);
      if (i % 25 === 24) await waitSynced(members, 20_000);
    }
    await waitSynced(members, 30_000);
    log(`  ${members.length} clients synced (${writers} writers) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const p of procs) p.sampler.start();

    runStart = Date.now();
    const runEnd = runStart + options.seconds * 1000;
    let writing = true;

    const tick = (m: Member) => {
      const seq = m.ticks++;
      const text = marker(m.writer, seq);
      const doc = m.client.doc;
      let sent = sentAt.get(m.writer);
      if (!sent) sentAt.set(m.writer, (sent = []));
      sent.push(Date.now());
      if (m.card === null || seq % 10 === 0) {
        m.card = addCard(doc, { kind: seq % 20 === 0 ? 'weakness' : 'strength', text: `${text} `, author: m.client.label, authorId: m.client.label });
        return;
      }
      const len = readCardText(doc, m.card).length;
      // Now and then a backspace before the next word, as people type.
      const backspace = rng.chance(0.1) && len > 0 ? 1 : 0;
      spliceCardText(doc, m.card, { index: len - backspace, deleteCount: backspace, insert: `${text} ` });
    };
    const period = 1000 / options.writeHz;
    for (const m of members) {
      if (m.writer < 0) continue;
      const again = () => {
        if (!writing) return;
        tick(m);
        m.timer = setTimeout(again, period * (0.8 + rng.next() * 0.4));
      };
      // Spread over the period so writers do not tick in step.
      m.timer = setTimeout(again, rng.next() * period);
    }

    // Sleeps that end early once writing stops, so the run does not wait out a commander's pause.
    const pause = async (ms: number) => {
      const until = Date.now() + ms;
      while (writing && Date.now() < until) await sleep(Math.min(200, until - Date.now()));
    };
    const commandLoop = async (m: Member) => {
      await pause(rng.next() * 8000);
      while (writing) {
        const cards = readBoard(m.client.doc).cards.filter((c) => c.kind === 'weakness');
        const card = cards.length > 0 ? rng.pick(cards).id : 'no-such-card';
        const choices: Command[] = m.facilitator
          ? [{ type: 'timer.start' }, { type: 'timer.pause' }, { type: 'timer.reset' }, { type: 'vote.add', card }, { type: 'vote.remove', card }, { type: 'votes.reveal', revealed: rng.chance(0.5) }]
          : [{ type: 'vote.add', card }, { type: 'vote.add', card }, { type: 'vote.remove', card }];
        const ack = await m.client.command(rng.pick(choices));
        if (ack === null) commands.failed++;
        else if (ack.ok) commands.ok++;
        else if (RULE_CODES.has(ack.error.code)) commands.refused++;
        else {
          commands.failed++;
          m.client.problems.push(`command refused: ${ack.error.code} ${ack.error.message}`);
        }
        await pause((m.facilitator ? 6000 : 15_000) * (0.5 + rng.next()));
      }
    };
    const commanders = members.filter((m) => m.client.transport === 'socket.io').map((m) => commandLoop(m));
    const prober = members[0]?.client;
    const probeLoop = (async () => {
      while (writing && prober) {
        const ms = await prober.clockRoundTrip();
        if (ms !== null) clockRtts.push({ at: Date.now() - started, ms });
        await pause(1000);
      }
    })();

    let lastLog = Date.now();
    while (Date.now() < runEnd && !death()) {
      await sleep(250);
      if (Date.now() - lastLog >= 15_000) {
        lastLog = Date.now();
        const w = windows[Math.floor((Date.now() - runStart) / WINDOW_MS) - 1] ?? [];
        const figures = procs.map((p, n) => {
          const s = p.sampler.latest();
          return `${procs.length > 1 ? `p${n + 1} ` : ''}rss ${s?.rssMiB.toFixed(0)} MiB, heap ${s?.heapUsedMiB.toFixed(0)} MiB, fds ${s?.fds}, loop p99 ${s?.loopLagP99Ms.toFixed(1)} ms`;
        });
        log(`  ${Math.round((Date.now() - runStart) / 1000)} s: ${figures.join('; ')}, delivery p50/p99 ${percentile(w, 50).toFixed(0)}/${percentile(w, 99).toFixed(0)} ms (${w.length})`);
      }
    }
    writing = false;
    for (const m of members) if (m.timer) clearTimeout(m.timer);
    for (const p of procs) {
      const c = compactionFigures(await scrape(p.server.url).catch(() => ''));
      compactions = { count: compactions.count + c.count, totalMs: compactions.totalMs + c.totalMs, over20Ms: compactions.over20Ms + c.over20Ms };
    }
    await Promise.all([...commanders, probeLoop]);

    // Quiet: every update sent must reach every other client of its board, and every replica agree.
    const converged = Date.now() + 20_000;
    while (Date.now() < converged && !allDelivered(members, sentAt)) await sleep(200);
    const lost = lostUpdates(members, sentAt);
    if (lost.length > 0) failures.push(`${lost.length} lost updates (${lost.slice(0, 3).join('; ')})`);
    const diverged = divergedBoards(members, options.boards);
    if (diverged.length > 0) failures.push(`${diverged.length} boards diverged (${diverged.slice(0, 5).join(', ')})`);
    const troubled = members.filter((m) => m.client.problems.length > 0);
    if (troubled.length > 0) {
      const first = troubled[0] as Member;
      failures.push(`${troubled.length} clients saw problems (${first.client.label}: ${first.client.problems.slice(0, 3).join('; ')})`);
    }

    // Everyone leaves: the rooms unload, the descriptors close and memory comes back.
    const leftAt = Date.now();
    for (const m of members) m.client.close();
    let rooms = Number.NaN;
    const unloadDeadline = leftAt + options.roomIdleMs + 30_000;
    while (Date.now() < unloadDeadline && !death()) {
      await sleep(250);
      rooms = await scrapeAll('sessionboard_rooms_live');
      if (rooms === 0) break;
    }
    if (rooms === 0) unloadMs = Date.now() - leftAt;
    else failures.push(`rooms did not unload: ${rooms} live ${((Date.now() - leftAt) / 1000).toFixed(0)} s after everyone left`);
    // What each server still holds once V8 has collected (an idle server allocates little, so collects late).
    // On PostgreSQL the pool's extra connections (up to 8) close after 10 s idle (pg's idleTimeoutMillis):
    // wait for them, at most PG_POOL_IDLE_WAIT_MS, before reading the descriptors.
    const fdsDeadline = Date.now() + (schema ? PG_POOL_IDLE_WAIT_MS : 0);
    for (const p of procs) {
      while (Date.now() < fdsDeadline && openFds(p.watch.pid) > (p.start?.fds ?? 0) + 4) await sleep(250);
    }
    for (const p of procs) p.end = await collectedSample(p.watch.pid, p.dataDir, p.sampler);
    for (const p of procs) p.sampler.stop();
    procs.forEach((p, n) => {
      const { start, end } = p;
      const peak = peakOf(p.sampler.samples);
      const which = procs.length > 1 ? ` (process ${n + 1}, pid ${p.watch.pid})` : '';
      if (!start || !end) return;
      if (end.fds > start.fds + 4) failures.push(`open fds did not come back${which}: ${start.fds} at the start, ${end.fds} at the end`);
      if (!memoryBack(start, peak, end)) {
        failures.push(`heap did not come back${which}: ${start.heapUsedMiB.toFixed(0)} MiB at the start, ${peak.heapUsedMiB.toFixed(0)} at the peak, ${end.heapUsedMiB.toFixed(0)} at the end`);
      }
    });
  } finally {
    for (const p of procs) p.sampler.stop();
    for (const m of members) m.client.close();
  }

  const shutdowns: string[] = [];
  for (const [n, p] of procs.entries()) {
    const { watch, server } = p;
    const which = procs.length > 1 ? `process ${n + 1}: ` : '';
    let shutdown = watch.death ?? '';
    watch.stop();
    if (watch.death) failures.push(`${which}server death: ${watch.death}`);
    if (watch.badLogCount > 0) failures.push(`${which}${watch.badLogCount} fatal/error log lines (${watch.badLogs[0]?.slice(0, 300)})`);
    if (!watch.death) {
      watch.stopping = true;
      server.child.kill('SIGTERM');
      const code = await Promise.race([exited(server.child), sleep(30_000).then(() => 'timeout')]);
      shutdown = `SIGTERM -> ${code}`;
      if (code === 'timeout') server.child.kill('SIGKILL');
      if (code !== 0) failures.push(`${which}shutdown: ${shutdown}`);
    }
    shutdowns.push(`${which}${shutdown}`);
  }
  process.off('exit', killServers);
  if (failures.length === 0) for (const p of procs) fs.rmSync(p.dataDir, { recursive: true, force: true });
  // The shared schema is dropped whatever happened (the data dirs of a failed run are kept).
  if (schema) await dropSchema(schema).catch((err: Error) => failures.push(`could not drop schema ${schema}: ${err.message}`));
  const figures: ProcessFigures[] = procs.map((p) => ({ pid: p.watch.pid, start: p.start, peak: p.sampler.samples.length ? peakOf(p.sampler.samples) : null, end: p.end }));

  return summarize({
    options,
    windows,
    runStartAt: runStart - started,
    samples: procs.flatMap((p) => p.sampler.samples),
    clockRtts,
    processes: figures,
    unloadMs,
    compactions,
    commands,
    updatesSent: [...sentAt.values()].reduce((n, s) => n + s.length, 0),
    shutdown: shutdowns.join('; '),
    dataDir: failures.length > 0 ? procs.map((p) => p.dataDir).join(', ') : null,
    failures,
  });
}

/** Compactions while writing, from the server's histogram: how many, their event-loop time, how many took over 20 ms. */
function compactionFigures(text: string): { count: number; totalMs: number; over20Ms: number } {
  const count = metricValue(text, 'sessionboard_compact_seconds_count') || 0;
  const within20 = Number(/sessionboard_compact_seconds_bucket\{le="0.02"\} (\d+)/.exec(text)?.[1] ?? count);
  return { count, totalMs: (metricValue(text, 'sessionboard_compact_seconds_sum') || 0) * 1000, over20Ms: count - within20 };
}

async function waitSynced(members: Member[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (members.some((m) => !m.client.synced)) {
    if (Date.now() > deadline) throw new Error(`${members.filter((m) => !m.client.synced).length} clients never synced`);
    await sleep(50);
  }
}

function othersOf(members: Member[], m: Member): Member[] {
  return members.filter((o) => o.board === m.board && o !== m);
}

function allDelivered(members: Member[], sentAt: Map<number, number[]>): boolean {
  return lostUpdates(members, sentAt).length === 0;
}

/** Writer → receiver pairs where the receiver saw fewer markers than the writer sent. */
function lostUpdates(members: Member[], sentAt: Map<number, number[]>): string[] {
  const lost: string[] = [];
  for (const w of members) {
    if (w.writer < 0) continue;
    const sent = sentAt.get(w.writer)?.length ?? 0;
    for (const r of othersOf(members, w)) {
      const seen = r.seen.get(w.writer) ?? 0;
      if (seen < sent) lost.push(`${r.client.label} saw ${seen} of ${w.client.label}'s ${sent}`);
    }
  }
  return lost;
}

function divergedBoards(members: Member[], boards: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < boards; b++) {
    const prints = new Set(members.filter((m) => m.board === b).map((m) => fingerprint(m.client.doc)));
    if (prints.size > 1) out.push(b);
  }
  return out;
}

/** A sample taken after the server wrote a heap snapshot (a full collection first); the snapshot is removed. */
async function collectedSample(pid: number, dir: string, sampler: ServerSampler): Promise<Sample | null> {
  const snapshots = () => fs.readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = snapshots().length;
  // RSS and fds from before: writing the snapshot takes native memory of its own.
  const pre = await sampler.sample();
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  let size = -1;
  // Written once its size stops changing.
  while (Date.now() < deadline) {
    await sleep(500);
    const file = snapshots()[before];
    if (!file) continue;
    const now = fs.statSync(path.join(dir, file)).size;
    if (now > 0 && now === size) break;
    size = now;
  }
  const post = await sampler.sample();
  for (const f of snapshots()) fs.rmSync(path.join(dir, f), { force: true });
  return post && pre ? { ...post, rssMiB: pre.rssMiB, fds: pre.fds } : (post ?? pre);
}

function peakOf(samples: Sample[]): Sample {
  const first = samples[0] as Sample;
  return {
    ...first,
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    heapUsedMiB: Math.max(...samples.map((s) => s.heapUsedMiB)),
    fds: Math.max(...samples.map((s) => s.fds)),
    loopLagP99Ms: Math.max(...samples.map((s) => s.loopLagP99Ms)),
  };
}

/** After a full collection the heap is back near the start: at most 16 MiB, and a fifth of the rise, above it. */
function memoryBack(start: Sample, peak: Sample, end: Sample): boolean {
  return end.heapUsedMiB <= start.heapUsedMiB + Math.max(16, 0.2 * (peak.heapUsedMiB - start.heapUsedMiB));
}

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
import { ServerWatch } from '../fuzz/serverWatch.ts';
import { createBoard, tempDataDir } from '../helpers/server.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import { Rng } from '../fuzz/rng.ts';
import { SoakClient } from './SoakClient.ts';
import type { SoakTransport } from './SoakClient.ts';
import { ServerSampler, metricValue, scrape } from './ServerSampler.ts';
import type { Sample } from './ServerSampler.ts';
import { percentile, summarize } from './windows.ts';
import type { SoakReport } from './windows.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WINDOW_MS = 15_000;

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
  log: (line: string) => void;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
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
      ...options.env,
      NODE_OPTIONS: nodeOptions,
    },
    'bundle',
    options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [],
  );
  const killServer = () => server.child.kill('SIGKILL');
  process.once('exit', killServer);
  const watch = new ServerWatch(server);
  const started = Date.now();
  const sampler = new ServerSampler(watch.pid, server.url, started);
  const failures: string[] = [];
  const members: Member[] = [];
  const sentAt = new Map<number, number[]>();
  const windows: number[][] = [];
  const clockRtts: { at: number; ms: number }[] = [];
  const commands = { ok: 0, refused: 0, failed: 0 };
  let startSample: Sample | null;
  let peak: Sample | null;
  let endSample: Sample | null;
  let unloadMs: number | null = null;
  let compactions: { count: number; totalMs: number; over20Ms: number };
  /** When writing began (0 until then); delivery windows count from it. */
  let runStart = 0;

  try {
    log(`soak: server pid ${watch.pid} on ${server.url}, ${options.clients} clients over ${options.boards} boards, ${options.seconds} s`);
    const boards: CreatedBoard[] = [];
    for (let b = 0; b < options.boards; b++) boards.push(await createBoard(server.url, { title: `Soak ${b}`, team: `Team ${b}` }));
    await sleep(500);
    startSample = await sampler.sample();

    // Per board: the first client is its facilitator on Socket.IO; then Socket.IO and /yjs alternate.
    let writers = 0;
    for (let i = 0; i < options.clients; i++) {
      const b = i % options.boards;
      const nth = Math.floor(i / options.boards);
      const transport: SoakTransport = nth === 0 || nth % 2 === 0 ? 'socket.io' : 'yjs';
      const facilitator = nth === 0;
      const board = boards[b] as CreatedBoard;
      const client = new SoakClient(transport, `c${i}-${transport}`, server.url, board.id, facilitator ? board.keys.facilitator : board.keys.member);
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
    sampler.start();

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
    while (Date.now() < runEnd && !watch.death) {
      await sleep(250);
      if (Date.now() - lastLog >= 15_000) {
        lastLog = Date.now();
        const s = sampler.latest();
        const w = windows[Math.floor((Date.now() - runStart) / WINDOW_MS) - 1] ?? [];
        log(
          `  ${Math.round((Date.now() - runStart) / 1000)} s: rss ${s?.rssMiB.toFixed(0)} MiB, heap ${s?.heapUsedMiB.toFixed(0)} MiB, fds ${s?.fds}, loop p99 ${s?.loopLagP99Ms.toFixed(1)} ms, delivery p50/p99 ${percentile(w, 50).toFixed(0)}/${percentile(w, 99).toFixed(0)} ms (${w.length})`,
        );
      }
    }
    writing = false;
    for (const m of members) if (m.timer) clearTimeout(m.timer);
    compactions = compactionFigures(await scrape(server.url).catch(() => ''));
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
    while (Date.now() < unloadDeadline && !watch.death) {
      await sleep(250);
      rooms = metricValue(await scrape(server.url).catch(() => ''), 'sessionboard_rooms_live');
      if (rooms === 0) break;
    }
    if (rooms === 0) unloadMs = Date.now() - leftAt;
    else failures.push(`rooms did not unload: ${rooms} live ${((Date.now() - leftAt) / 1000).toFixed(0)} s after everyone left`);
    // What the server still holds once V8 has collected (an idle server allocates little, so collects late).
    endSample = await collectedSample(watch.pid, dataDir, sampler);
    sampler.stop();
    peak = peakOf(sampler.samples);
    if (startSample && endSample) {
      if (endSample.fds > startSample.fds + 4) failures.push(`open fds did not come back: ${startSample.fds} at the start, ${endSample.fds} at the end`);
      if (!memoryBack(startSample, peak, endSample)) {
        failures.push(`heap did not come back: ${startSample.heapUsedMiB.toFixed(0)} MiB at the start, ${peak.heapUsedMiB.toFixed(0)} at the peak, ${endSample.heapUsedMiB.toFixed(0)} at the end`);
      }
    }
  } finally {
    sampler.stop();
    for (const m of members) m.client.close();
  }

  let shutdown = watch.death ?? '';
  watch.stop();
  if (watch.death) failures.push(`server death: ${watch.death}`);
  if (watch.badLogCount > 0) failures.push(`${watch.badLogCount} fatal/error log lines (${watch.badLogs[0]?.slice(0, 300)})`);
  if (!watch.death) {
    watch.stopping = true;
    server.child.kill('SIGTERM');
    const code = await Promise.race([exited(server.child), sleep(30_000).then(() => 'timeout')]);
    shutdown = `SIGTERM -> ${code}`;
    if (code === 'timeout') server.child.kill('SIGKILL');
    if (code !== 0) failures.push(`shutdown: ${shutdown}`);
  }
  process.off('exit', killServer);
  if (failures.length === 0) fs.rmSync(dataDir, { recursive: true, force: true });

  return summarize({
    options,
    windows,
    runStartAt: runStart - started,
    samples: sampler.samples,
    clockRtts,
    start: startSample,
    peak,
    end: endSample,
    unloadMs,
    compactions,
    commands,
    updatesSent: [...sentAt.values()].reduce((n, s) => n + s.length, 0),
    shutdown,
    dataDir: failures.length > 0 ? dataDir : null,
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

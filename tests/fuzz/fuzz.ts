/**
 * The fuzzer: the server bundle as `npm start` runs it, honest clients on both transports writing cards,
 * and hostile frames, packets and upgrade requests until the budget is spent. Returns what it saw.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command, CreatedBoard } from '@sessionboard/shared';
import { createBoard, tempDataDir } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import { Budget } from './budget.ts';
import { fingerprint, honestSocket, honestYws } from './honest.ts';
import type { Honest } from './honest.ts';
import { HostileEvents } from './hostileEvents.ts';
import { HostileFrames } from './hostileFrames.ts';
import { hostileSocketSession } from './hostileSocket.ts';
import { hostileUpgrade, sendUpgrade } from './hostileUpgrades.ts';
import { hostileYwsSession } from './hostileYws.ts';
import { LoopLag } from './loopLag.ts';
import type { LoopLagFigures } from './loopLag.ts';
import { prefillBoard, prefillUpdate } from './prefill.ts';
import { Rng } from './rng.ts';
import { ServerWatch } from './serverWatch.ts';
import { yjsUrl } from '../helpers/rawSocket.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface FuzzOptions {
  /** Hostile frames / events per transport. */
  frames: number;
  /** Cap on the hostile phase, in seconds. */
  seconds: number;
  seed: number;
  /** Build the server bundle first (`node scripts/build-server.mjs`). */
  build: boolean;
  /** Cards written to the fuzzed board before the hostile phase (a large board from the start). */
  prefillCards?: number;
  /** Where the server writes a CPU profile (`node --cpu-prof`), or null for none. */
  cpuProfDir?: string | null;
  log: (line: string) => void;
}

export interface TransportFigures {
  sent: number;
  sessions: number;
  closes: Record<string, number>;
  kinds: Record<string, number>;
}

export interface FuzzReport {
  seed: number;
  durationMs: number;
  yjs: TransportFigures;
  socketio: TransportFigures;
  upgrades: TransportFigures;
  death: string | null;
  badLogCount: number;
  badLogs: string[];
  honest: { clients: number; cardsWritten: number; disturbed: number; diverged: number; details: string[]; slowest: { label: string; of: string; ms: number }[] };
  loopLag: LoopLagFigures;
  rssMiB: { start: number; peak: number; end: number };
  fds: { start: number; peak: number; end: number };
  healthz: number;
  shutdown: string;
  /** Where the last hostile inputs were written when something failed. */
  dumpedTo: string | null;
  failures: string[];
}

const GENEROUS = {
  RATE_CONNECT_BURST: '1000000',
  RATE_CONNECT_PER_SECOND: '1000000',
  RATE_JOIN_BURST: '1000000',
  RATE_JOIN_PER_SECOND: '1000000',
  RATE_CREATE_BURST: '1000',
  RATE_CREATE_PER_SECOND: '1000',
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  ROOM_IDLE_MS: '2000',
};

function figures(b: Budget): TransportFigures {
  return { sent: b.sent, sessions: b.sessions, closes: b.closes, kinds: b.kinds };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function healthz(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { log } = options;
  if (options.build) {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`server bundle build failed:\n${built.stderr}`);
  }
  const dataDir = tempDataDir();
  const server = await spawnServer({ DATA_DIR: dataDir, ...GENEROUS }, 'bundle', options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []);
  // Should this process die first (a bug in the fuzzer), the server must not outlive it.
  const killServer = () => server.child.kill('SIGKILL');
  process.once('exit', killServer);
  const watch = new ServerWatch(server);
  const started = Date.now();
  const dead = () => watch.death !== null;
  log(`fuzz: seed ${options.seed}, server pid ${watch.pid} on ${server.url}, ${options.frames} hostile inputs per transport, cap ${options.seconds} s`);

  const board = await createBoard(server.url, { title: 'Fuzzed board', team: 'Fuzz' });
  if (options.prefillCards) {
    await prefillBoard(yjsUrl(server.url, board.id, board.keys.member), prefillUpdate(options.prefillCards));
    log(`fuzz: board prefilled with ${options.prefillCards} cards`);
  }
  const side: CreatedBoard = await createBoard(server.url, { title: 'Hostile only', template: 'retrospective' });
  const honest: Honest[] = [
    await honestSocket(server.url, board.id, board.keys.facilitator, 'Fay (socket.io)'),
    await honestSocket(server.url, board.id, board.keys.member, 'Ann (socket.io)'),
    await honestYws(server.url, board.id, board.keys.member, 'Ben (yws)'),
    await honestYws(server.url, board.id, board.keys.mentor, 'Mo (yws)'),
  ];
  const [fay, ann] = honest as [Awaited<ReturnType<typeof honestSocket>>, Awaited<ReturnType<typeof honestSocket>>];
  const honestIds = () => honest.map((h) => h.clientId());
  const lag = new LoopLag(server.url);

  // Honest work: a card every 40 ms round-robin; the y-websocket clients' cards are timed until Fay has them.
  let writing = true;
  let n = 0;
  const inFlight = new Map<string, { h: Honest; at: number }>();
  fay.doc.getMap('cards').observe((e) => {
    for (const key of e.keysChanged) {
      const sent = inFlight.get(key);
      if (!sent) continue;
      inFlight.delete(key);
      sent.h.slowestMs = Math.max(sent.h.slowestMs, performance.now() - sent.at);
    }
  });
  const writer = setInterval(() => {
    if (!writing) return;
    const h = honest[n % honest.length] as Honest;
    const at = performance.now();
    const id = h.write(n++);
    if (h !== fay) inFlight.set(id, { h, at });
  }, 40);
  // A command every 400 ms from each Socket.IO client, which must be acknowledged ok within 5 s.
  const commandLoop = async (h: typeof fay, next: (i: number) => Command) => {
    for (let i = 0; writing && !dead(); i++) {
      const command = next(i);
      const at = performance.now();
      try {
        const ack = await h.peer.command(command);
        h.slowestMs = Math.max(h.slowestMs, performance.now() - at);
        if (!ack.ok) h.disturbances.push(`${command.type} refused: ${JSON.stringify(ack.error)}`);
      } catch (err) {
        h.slowestMs = Math.max(h.slowestMs, performance.now() - at);
        h.disturbances.push(`${command.type} unanswered: ${(err as Error).message}`);
      }
      await sleep(400);
    }
  };
  const commander = Promise.all([
    commandLoop(fay, () => ({ type: 'timer.reset' })),
    commandLoop(ann, (i) => ({ type: 'help.request', requested: i % 2 === 0 })),
  ]);

  const deadline = Date.now() + options.seconds * 1000;
  const yjs = new Budget(options.frames, deadline, dead);
  const sio = new Budget(options.frames, deadline, dead);
  const upgrades = new Budget(Math.max(50, Math.ceil(options.frames / 50)), deadline, dead);
  const wsBase = server.url.replace(/^http/, 'ws');
  const target = (r: Rng) => (r.chance(0.8) ? board : side);
  const key = (r: Rng, b: CreatedBoard) => (r.chance(0.8) ? b.keys.member : r.pick([b.keys.projector, b.keys.mentor, b.keys.facilitator]));

  const ywsWorker = async (i: number) => {
    const r = new Rng(options.seed * 31 + i);
    const frames = new HostileFrames(r, honestIds);
    while (yjs.open) {
      const b = target(r);
      const participant = r.chance(0.3) ? `&participant=fuzz-${r.int(20)}-participant` : '';
      await hostileYwsSession(`${wsBase}/yjs/${b.id}?key=${key(r, b)}${participant}`, r, frames, yjs);
    }
  };
  const socketWorker = async (i: number) => {
    const r = new Rng(options.seed * 37 + i);
    const events = new HostileEvents(r, new HostileFrames(r, honestIds));
    while (sio.open) {
      const b = target(r);
      const auth: Record<string, unknown> = { board: b.id, key: key(r, b), name: r.pick(['Mallory', '', 'x'.repeat(300), '<script>']) };
      if (r.chance(0.3)) auth.participant = r.pick([`fuzz-${r.int(20)}-participant`, '__proto__', 'bad id!', 42]);
      await hostileSocketSession(server.url, auth, r, events, sio);
    }
  };
  const upgradeWorker = async () => {
    const r = new Rng(options.seed * 41);
    while (upgrades.open && (yjs.open || sio.open)) {
      const u = hostileUpgrade(r, board.id, board.keys.member);
      upgrades.record(`upgrade:${u.kind}`, u.request.slice(0, 4096));
      const status = await sendUpgrade(server.port, u);
      upgrades.closed(status.slice(9, 12) || 'no answer');
      await sleep(20);
    }
  };
  const progress = setInterval(() => log(`  ${Math.round((Date.now() - started) / 1000)} s: yjs ${yjs.sent}, socket.io ${sio.sent}, upgrades ${upgrades.sent}, rss ${watch.rss.end.toFixed(0)} MiB, fds ${watch.fds.end}`), 5000);
  await Promise.all([...[0, 1, 2, 3].map(ywsWorker), socketWorker(0), socketWorker(1), upgradeWorker()]);
  clearInterval(progress);

  // Reconverge: stop writing, then every honest document must equal a fresh client's on each transport.
  writing = false;
  clearInterval(writer);
  await commander;
  const loopLag = lag.stop();
  const details: string[] = [];
  let diverged = 0;
  if (!dead()) {
    await sleep(300);
    try {
      // The facilitator's key: hostile clients holding it may have locked the board, which is allowed.
      const freshSocket = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.facilitator, name: 'Fresh' });
      const freshYws = await YwsPeer.connect(server.url, board.id, board.keys.facilitator);
      const fresh = [freshSocket, freshYws];
      const want = () => fingerprint(freshSocket.doc);
      const replicas = [...honest, { label: 'fresh y-websocket client', doc: freshYws.doc }];
      const deadlineConverge = Date.now() + 10_000;
      // want() once per look, not once per replica: fingerprints of a large board took 15.6 s of a short run's profile.
      const converged = () => {
        const w = want();
        return replicas.every((h) => fingerprint(h.doc) === w);
      };
      while (Date.now() < deadlineConverge && !converged()) await sleep(50);
      const final = want();
      for (const h of replicas) {
        if (fingerprint(h.doc) !== final) {
          diverged++;
          details.push(`${h.label}: document differs from a fresh client's`);
        }
      }
      for (const f of fresh) f.close();
    } catch (err) {
      diverged++;
      details.push(`a fresh client could not sync: ${(err as Error).message}`);
    }
  }
  const status = dead() ? 0 : await healthz(server.url);
  for (const h of honest) h.close();
  watch.stop();
  let disturbed = 0;
  for (const h of honest) {
    if (h.disturbances.length === 0) continue;
    disturbed++;
    details.push(`${h.label}: ${h.disturbances.slice(0, 5).join('; ')}${h.disturbances.length > 5 ? ` (+${h.disturbances.length - 5} more)` : ''}`);
  }

  let shutdown = watch.death ?? '';
  if (!dead()) {
    watch.stopping = true;
    server.child.kill('SIGTERM');
    const code = await Promise.race([exited(server.child), sleep(15_000).then(() => 'timeout')]);
    shutdown = `SIGTERM -> ${code}`;
    if (code === 'timeout') server.child.kill('SIGKILL');
  }

  process.off('exit', killServer);
  const failures: string[] = [];
  if (watch.death) failures.push(`server death: ${watch.death}`);
  if (watch.badLogCount > 0) failures.push(`${watch.badLogCount} fatal/error log lines`);
  if (diverged > 0) failures.push(`${diverged} documents diverged`);
  if (disturbed > 0) failures.push(`${disturbed} honest clients disturbed`);
  if (status !== 200) failures.push(`/healthz answered ${status || 'nothing'}`);
  if (!/-> 0$/.test(shutdown)) failures.push(`shutdown: ${shutdown}`);

  let dumpedTo: string | null = null;
  if (failures.length > 0) {
    dumpedTo = path.join(dataDir, 'fuzz-last-inputs.json');
    fs.writeFileSync(dumpedTo, JSON.stringify({ seed: options.seed, yjs: yjs.recent, socketio: sio.recent, upgrades: upgrades.recent, serverLog: watch.badLogs }, null, 1));
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    seed: options.seed,
    durationMs: Date.now() - started,
    yjs: figures(yjs),
    socketio: figures(sio),
    upgrades: figures(upgrades),
    death: watch.death,
    badLogCount: watch.badLogCount,
    badLogs: watch.badLogs,
    honest: { clients: honest.length, cardsWritten: honest.reduce((s, h) => s + h.written, 0), disturbed, diverged, details, slowest: honest.map((h) => ({ label: h.label, of: h.slowestOf, ms: h.slowestMs })) },
    loopLag,
    rssMiB: watch.rss,
    fds: watch.fds,
    healthz: status,
    shutdown,
    dumpedTo,
    failures,
  };
}

import { syncStep1Frame } from '@sessionboard/shared/sync';
import * as Y from 'yjs';
import { DocClient } from './clients/docClient.ts';
import { openRaw } from './clients/transport.ts';
import type { LargeBoard } from './largeBoard.ts';
import { cpuSeconds, rssBytes } from './procStats.ts';
import type { JoinSpec } from './scenarios.ts';
import type { BenchServer, RoomTarget } from './servers/types.ts';
import { percentile, sleep } from './stats.ts';

const JOIN_TIMEOUT_MS = 60_000;

/** One wave of joiners arriving at once. */
export interface JoinRound {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server CPU from the first connect to the last synced joiner, divided by the joiners. */
  cpuMsPerJoin: number;
  /** The generator receives every joiner's copy of the document: it may be what limits time to synced. */
  generatorCores: number;
  /** The wave in CLOCK_MONOTONIC µs, to cut a server's profile to it. */
  monoUs: [number, number];
}

/** What the large-board join measured. */
export interface JoinResult {
  docMb: number;
  updatesPushed: number;
  /** The first wave after the last write (the server may have to encode the state once). */
  first: JoinRound;
  /** The wave after (with more waves, the median of the later ones by p99): the server may answer from a cached encoding. */
  cached: JoinRound;
  rssMb: number;
  converged: boolean;
}

/**
 * Pushes the large board's updates through one full client, then has `joiners` light clients join at once:
 * each sends an empty sync step 1 and counts as synced when the server's sync step 2 (the whole
 * document) has arrived. Joiners do not decode the document; a verifier at the end does.
 */
export async function runJoin(server: BenchServer, spec: JoinSpec, board: LargeBoard, waves = 2): Promise<JoinResult> {
  const room = await server.newRoom();
  const author = new DocClient(room, server.yjs);
  await author.conn.ready;
  while (!author.synced) await sleep(5);
  const { updates, bytes } = board;
  for (const u of updates) {
    Y.applyUpdate(author.doc, u); // the author sends each as one update frame
    await sleep(50);
  }
  // Let the server apply, persist and settle before the joiners come.
  await sleep(800);

  const rounds: JoinRound[] = [];
  for (let w = 0; w < waves; w++) {
    rounds.push(await joinWave(server, room, spec.joiners, bytes));
    await sleep(300);
  }
  const verifier = new DocClient(room, server.yjs);
  await verifier.conn.ready;
  const deadline = performance.now() + JOIN_TIMEOUT_MS;
  while (!verifier.synced && performance.now() < deadline) await sleep(10);
  const converged =
    verifier.synced &&
    verifier.doc.getMap('cards').size === author.doc.getMap('cards').size &&
    Y.encodeStateAsUpdate(verifier.doc).length === Y.encodeStateAsUpdate(author.doc).length;
  const rssMb = rssBytes(server.pid) / 2 ** 20;
  verifier.close();
  author.close();
  const later = rounds.slice(1).sort((a, b) => a.p99Ms - b.p99Ms);
  return {
    docMb: bytes / 2 ** 20,
    updatesPushed: updates.length,
    first: rounds[0] as JoinRound,
    cached: (later[Math.floor(later.length / 2)] ?? rounds[0]) as JoinRound,
    rssMb,
    converged,
  };
}

async function joinWave(server: BenchServer, room: RoomTarget, joiners: number, docBytes: number): Promise<JoinRound> {
  const step1 = syncStep1Frame(new Y.Doc());
  const cpu0 = cpuSeconds(server.pid);
  const gen0 = process.cpuUsage();
  const started = performance.now();
  const mono0 = Number(process.hrtime.bigint() / 1000n);
  const conns: { close(): void }[] = [];
  const times = await Promise.all(
    Array.from({ length: joiners }, async () => {
      const started = performance.now();
      let got = 0;
      let done: (ms: number) => void = () => undefined;
      const synced = new Promise<number>((resolve) => (done = resolve));
      // The sync step 2 is the only message near the document's size; the others are a few bytes.
      const conn = openRaw(room, (bytes) => {
        got = Math.max(got, bytes.length);
        if (got >= docBytes / 2) done(performance.now() - started);
      });
      conns.push(conn);
      await conn.ready;
      conn.send(step1);
      return Promise.race([synced, sleep(JOIN_TIMEOUT_MS).then(() => NaN)]);
    }),
  );
  const cpu1 = cpuSeconds(server.pid);
  const mono1 = Number(process.hrtime.bigint() / 1000n);
  const gen = process.cpuUsage(gen0);
  const generatorCores = (gen.user + gen.system) / 1000 / (performance.now() - started);
  for (const c of conns) c.close();
  times.sort((a, b) => a - b);
  return {
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? NaN,
    cpuMsPerJoin: ((cpu1 - cpu0) * 1000) / joiners,
    generatorCores,
    monoUs: [mono0, mono1],
  };
}

/**
 * `npm run soak`: many boards, many people, minutes of typing against the real server bundle, with
 * the server's memory, descriptors, event-loop lag and delivery latency sampled throughout.
 * Options (`--name=value` or `--name value`): `--minutes` (default 3), `--clients` (300), `--boards`
 * (60), `--hz` (writes a second per writer, 2), `--idle-ms` (ROOM_IDLE_MS, 2000), `--seed`,
 * `--no-build` (use the existing bundle), `--env=NAME=VALUE` (repeatable: extra server environment,
 * say COMPACT_EVERY_UPDATES=100), `--cpu-prof=DIR` (the server writes a CPU profile there; read it with
 * stalls.ts), `--json=FILE` (the figures as JSON), `--processes=N` (N server processes on one fresh
 * PostgreSQL schema and Redis, DATABASE_URL and REDIS_URL or the machine's own; each board's clients
 * spread over them; each process sampled and checked).
 * Exits 1 on a lost update, divergence, a server death, rooms that stay loaded, fds or heap that do not come back.
 */
import fs from 'node:fs';
import { runSoak, scaleOutUnavailable } from './soak.ts';
import type { SoakOptions } from './soak.ts';
import { formatReport } from './windows.ts';

function parseArgs(argv: readonly string[]): SoakOptions & { json: string | null } {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const next = argv[i + 1];
    const value = eq > 0 ? arg.slice(eq + 1) : next !== undefined && !next.startsWith('--') ? (i++, next) : '';
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const num = (name: string, fallback: number): number => {
    const v = values.get(name)?.[0];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
    return n;
  };
  const env: Record<string, string> = {};
  for (const pair of values.get('env') ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--env needs NAME=VALUE, got "${pair}"`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    clients: Math.floor(num('clients', 300)),
    boards: Math.floor(num('boards', 60)),
    seconds: num('minutes', 3) * 60,
    writeHz: num('hz', 2),
    roomIdleMs: Math.floor(num('idle-ms', 2000)),
    build: !values.has('no-build'),
    seed: Math.floor(num('seed', 20261202)),
    env,
    cpuProfDir: values.get('cpu-prof')?.[0] || null,
    processes: Math.floor(num('processes', 1)),
    json: values.get('json')?.[0] ?? null,
    log: (line) => console.log(line),
  };
}

const { json, ...options } = parseArgs(process.argv.slice(2));
if ((options.processes ?? 1) > 1) {
  const why = await scaleOutUnavailable();
  if (why) {
    console.error(why);
    process.exit(1);
  }
}
const report = await runSoak(options);
console.log(formatReport(report));
if (json) fs.writeFileSync(json, JSON.stringify(report, null, 1));
process.exit(report.failures.length === 0 ? 0 : 1);

/**
 * `npm run fuzz`: hostile input against the real server bundle while honest clients keep working.
 * Options: `--frames N` hostile inputs per transport (default 100000), `--seconds S` cap (default 900),
 * `--seed N`, `--quick` (3000 per transport, 15 s cap), `--no-build` (use the existing bundle),
 * `--prefill N` (N cards on the fuzzed board before the hostile phase), `--cpu-prof=DIR` (the server writes a CPU profile there on exit; `node --import tsx tests/soak/stalls.ts FILE` lists its stalls).
 * Exits 1 on a server death, divergence, a disturbed honest client or a failed health check.
 */
import { runFuzz } from './fuzz.ts';
import type { FuzzOptions } from './fuzz.ts';
import { formatReport } from './report.ts';

function parseArgs(argv: readonly string[]): FuzzOptions {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number`);
    return n;
  };
  return {
    frames: Math.floor(value('--frames', quick ? 3000 : 100_000)),
    seconds: value('--seconds', quick ? 15 : 900),
    seed: Math.floor(value('--seed', Date.now() % 1_000_000_007)),
    build: !argv.includes('--no-build'),
    prefillCards: Math.floor(value('--prefill', 0) || 0),
    cpuProfDir: argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length) || null,
    log: (line) => console.log(line),
  };
}

const report = await runFuzz(parseArgs(process.argv.slice(2)));
console.log(formatReport(report));
process.exit(report.failures.length === 0 ? 0 : 1);

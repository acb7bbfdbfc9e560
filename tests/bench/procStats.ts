import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, almost always 100). */
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields after it start past the last ')'. utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Resident memory of a process in bytes, from /proc/PID/status. */
export function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

/** CPU seconds the whole machine has been busy (every core; idle and iowait excluded), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] as string;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_S;
}

/** This process's CPU seconds so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Cores used by processes other than `pids` and this one, over `ms`: other work on the machine
 * (another engineer's browser tests, say) that would disturb a measurement.
 */
export async function othersCores(pids: number[], ms: number): Promise<number> {
  const sample = () => machineBusySeconds() - ownCpuSeconds() - pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const before = sample();
  await new Promise((r) => setTimeout(r, ms));
  return Math.max(0, (sample() - before) / (ms / 1000));
}

/** Waits (at most `maxMs`) until other processes use under `cores` cores; returns the last reading. */
export async function waitQuiet(cores: number, maxMs: number): Promise<number> {
  const deadline = performance.now() + maxMs;
  let load = await othersCores([], 300);
  while (load > cores && performance.now() < deadline) load = await othersCores([], 500);
  return load;
}

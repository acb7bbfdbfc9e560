/** The spawned server's health: exit (a death), RSS, open fds, and fatal/error log lines. */
import fs from 'node:fs';
import type { ServerProcess } from '../helpers/spawnServer.ts';

export function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function openFds(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

export class ServerWatch {
  readonly pid: number;
  death: string | null = null;
  /** Set before the fuzzer stops the server itself, so that exit is not a death. */
  stopping = false;
  rss = { start: 0, peak: 0, end: 0 };
  fds = { start: 0, peak: 0, end: 0 };
  /** Log lines at pino level fatal (60) or error (50): an exception that escaped every handler. */
  readonly badLogs: string[] = [];
  badLogCount = 0;
  private carry = '';
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly server: ServerProcess) {
    this.pid = server.child.pid ?? -1;
    this.rss.start = this.rss.peak = rssMiB(this.pid);
    this.fds.start = this.fds.peak = openFds(this.pid);
    server.child.once('exit', (code, signal) => {
      if (!this.stopping) this.death = `server exited with ${code ?? signal}`;
    });
    this.timer = setInterval(() => this.sample(), 250);
  }

  sample(): void {
    if (this.death) return;
    const rss = rssMiB(this.pid);
    const fds = openFds(this.pid);
    if (rss > this.rss.peak) this.rss.peak = rss;
    if (fds > this.fds.peak) this.fds.peak = fds;
    this.rss.end = rss;
    this.fds.end = fds;
    // Read the server's log as it comes, keeping only what matters (it would otherwise grow without end).
    const text = this.carry + this.server.output.splice(0).join('');
    const lines = text.split('\n');
    this.carry = lines.pop() ?? '';
    for (const line of lines) {
      if (!/"level":(50|60)/.test(line)) continue;
      this.badLogCount++;
      if (this.badLogs.length < 10) this.badLogs.push(line.slice(0, 2000));
    }
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

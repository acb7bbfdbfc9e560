/** Once a second: the server process's RSS and open fds (from /proc) and its own figures from /metrics. */
import { openFds, rssMiB } from '../fuzz/serverWatch.ts';

/** One sample of the server. */
export interface Sample {
  /** Milliseconds since the soak started. */
  at: number;
  /** Which server process (0, 1, …) when the soak runs several. */
  proc: number;
  rssMiB: number;
  fds: number;
  heapUsedMiB: number;
  /** prom-client's event-loop delay p99 since the previous scrape (its histogram resets on each). */
  loopLagP99Ms: number;
  roomsLive: number;
  connections: number;
}

/** The value of an unlabelled metric, or the sum of a labelled one's series; NaN when absent. */
export function metricValue(text: string, name: string): number {
  let sum = Number.NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    sum = Number.isNaN(sum) ? value : sum + value;
  }
  return sum;
}

export async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  return res.text();
}

export class ServerSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly pid: number,
    private readonly url: string,
    private readonly started: number,
    private readonly proc = 0,
  ) {}

  async sample(): Promise<Sample | null> {
    try {
      const text = await scrape(this.url);
      const s: Sample = {
        at: Date.now() - this.started,
        proc: this.proc,
        rssMiB: rssMiB(this.pid),
        fds: openFds(this.pid),
        heapUsedMiB: metricValue(text, 'nodejs_heap_size_used_bytes') / 1024 / 1024,
        loopLagP99Ms: metricValue(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
        roomsLive: metricValue(text, 'sessionboard_rooms_live'),
        connections: metricValue(text, 'sessionboard_connections'),
      };
      this.samples.push(s);
      return s;
    } catch {
      return null;
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      void this.sample().finally(() => (this.busy = false));
    }, 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  latest(): Sample | null {
    return this.samples[this.samples.length - 1] ?? null;
  }
}

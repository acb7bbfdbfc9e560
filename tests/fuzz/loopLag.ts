/**
 * The server's event-loop lag while the fuzzer runs, from its own `/metrics`: prom-client's
 * `nodejs_eventloop_lag_p99_seconds` and `_max_seconds` cover the time since the previous scrape (its
 * histogram resets on each), so one scrape a second gives a p99 and a max per second. How long the
 * scrape itself took to be answered is kept too: a stalled loop answers late, or not at all.
 */
import { metricValue, scrape } from '../soak/ServerSampler.ts';

/** The lag figures of a run, in milliseconds. */
export interface LoopLagFigures {
  /** Scrapes answered. */
  windows: number;
  /** The median and the worst of the per-second p99s. */
  p99MedianMs: number;
  p99WorstMs: number;
  /** The longest single delay seen. */
  maxMs: number;
  /** The slowest /metrics answer (a scrape that timed out counts as its timeout). */
  slowestScrapeMs: number;
}

const SCRAPE_TIMEOUT_MS = 5000;

export class LoopLag {
  private readonly p99s: number[] = [];
  private max = 0;
  private slowestScrape = 0;
  private readonly timer: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly url: string) {
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const started = performance.now();
    try {
      const text = await scrape(this.url);
      const p99 = metricValue(text, 'nodejs_eventloop_lag_p99_seconds') * 1000;
      const max = metricValue(text, 'nodejs_eventloop_lag_max_seconds') * 1000;
      if (Number.isFinite(p99)) this.p99s.push(p99);
      if (Number.isFinite(max) && max > this.max) this.max = max;
      this.slowestScrape = Math.max(this.slowestScrape, performance.now() - started);
    } catch {
      this.slowestScrape = Math.max(this.slowestScrape, SCRAPE_TIMEOUT_MS);
    } finally {
      this.busy = false;
    }
  }

  stop(): LoopLagFigures {
    clearInterval(this.timer);
    const sorted = [...this.p99s].sort((a, b) => a - b);
    return {
      windows: sorted.length,
      p99MedianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      p99WorstMs: sorted[sorted.length - 1] ?? Number.NaN,
      maxMs: this.max,
      slowestScrapeMs: this.slowestScrape,
    };
  }
}

import { OrderBody, placeOrder } from './orders';

/** Latencies (ms) of one user's orders, sent one after another over HTTP, and the statuses answered. */
export interface LatencyRun {
  readonly samples: readonly number[];
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Readonly<Record<number, number>>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Sends `count` orders one at a time (a pause between them), or as many as
 * fit in `maxMs`, and times each from send to answer. The victim of a
 * fairness test: its latency is what an attack on the streams must not move.
 */
export async function measureOrders(url: string, token: string, body: OrderBody, options: { count: number; pauseMs: number; maxMs: number }): Promise<LatencyRun> {
  const samples: number[] = [];
  const statuses: Record<number, number> = {};
  const deadline = Date.now() + options.maxMs;
  for (let i = 0; i < options.count && Date.now() < deadline; i++) {
    const start = performance.now();
    const response = await placeOrder(url, token, body);
    samples.push(performance.now() - start);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, p50: percentile(sorted, 50), p99: percentile(sorted, 99), statuses };
}

/** The bound for the victim under attack: 5x its baseline p99 or 500 ms, whichever is larger. */
export function latencyBound(baseline: LatencyRun): number {
  return Math.max(5 * baseline.p99, 500);
}

export function describeRun(name: string, run: LatencyRun): string {
  return `${name}: ${run.samples.length} orders, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, statuses ${JSON.stringify(run.statuses)}`;
}

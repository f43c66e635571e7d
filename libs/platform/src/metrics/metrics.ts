import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { IntervalHistogram } from './interval-histogram';

/** A user counts as active this long after an authenticated request. */
export const ACTIVE_USER_WINDOW_MS = 60_000;

/** What HTTP served since the last `takeHttpWindow` (the /admin namespace's interval figures). */
export interface HttpWindow {
  readonly requests: number;
  readonly errors5xx: number;
  /** Durations, as sparse [bucket, count] pairs (IntervalHistogram). */
  readonly durations: [number, number][];
  /** Distinct users with an authenticated request in the last ACTIVE_USER_WINDOW_MS. */
  readonly activeUsers: number;
}

/** The buckets of the HTTP duration histogram, in seconds (5 ms to 10 s). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus registry (prom-client), served by GET /api/metrics:
 * the runtime's default metrics (CPU, memory, event-loop delay, GC, handles),
 * the HTTP duration histogram by route template and status, and the gauges
 * other contexts register with `gauge` (read when scraped: nothing is
 * computed between scrapes).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly window = new IntervalHistogram();
  private errors5xx = 0;
  /** Users seen, with when they were last seen (ms). */
  private readonly users = new Map<string, number>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, from the request to the response sent',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
  }

  /** One HTTP request served: `route` is the route's template (`/api/v1/orders/:id`), never the raw URL. */
  observeHttp(method: string, route: string, status: number, seconds: number, userId?: string): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
    this.window.record(seconds * 1000);
    if (status >= 500) this.errors5xx += 1;
    if (userId) this.users.set(userId, Date.now());
  }

  /** The HTTP figures of the interval since the last call, and the users active in the last minute; starts a new interval. */
  takeHttpWindow(now = Date.now()): HttpWindow {
    for (const [user, seen] of this.users) if (now - seen > ACTIVE_USER_WINDOW_MS) this.users.delete(user);
    const window = { requests: this.window.count, errors5xx: this.errors5xx, durations: this.window.take(), activeUsers: this.users.size };
    this.errors5xx = 0;
    return window;
  }

  /** A counter (registered once per name; a second call answers the first's). */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  /** The current values of a registered metric (its collect runs): [labels, value] pairs; [] for an unknown name. */
  async read(name: string): Promise<{ labels: Record<string, string | number>; value: number }[]> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return [];
    const { values } = await metric.get();
    return values.map((v) => ({ labels: v.labels as Record<string, string | number>, value: v.value }));
  }

  /**
   * A gauge whose values are read at each scrape: `read` sets them (one
   * value, or one per label set). Registering a name twice is a bug.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: (gauge: Gauge<L>) => void | Promise<void>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await read(this);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

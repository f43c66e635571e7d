import { Injectable } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
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

import { monitorEventLoopDelay, type IntervalHistogram as NodeHistogram } from 'node:perf_hooks';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, ConnectionLossLog, INSTANCE_ID, Metrics } from '@lib/platform';
import type { InstanceReport } from './admin.events';

/**
 * This instance's figures of one interval: HTTP requests (count, 5xx,
 * durations), users active in the last minute, the event loop's delay p99,
 * the database pool and the connection losses, the sockets per namespace and
 * the markets' command queues. Each `take` starts a new interval.
 */
@Injectable()
export class InstanceProbe implements OnModuleDestroy {
  private readonly loop: NodeHistogram & { reset(): void; disable(): void; enable(): void; percentile(p: number): number };
  private dbErrorsSeen = ConnectionLossLog.shared.reported;
  private ordersSeen = 0;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
  }

  onModuleDestroy(): void {
    this.loop.disable();
  }

  async take(sockets: Record<string, number>, now = Date.now()): Promise<InstanceReport> {
    const http = this.metrics.takeHttpWindow(now);
    const eventLoopP99Ms = Math.round((this.loop.percentile(99) / 1e6) * 100) / 100;
    this.loop.reset();
    const pool = new Map((await this.metrics.read('exchange_db_pool_connections')).map((v) => [v.labels.state, v.value]));
    const queued: Record<string, number> = {};
    for (const v of await this.metrics.read('exchange_orders_queued_commands')) if (v.value > 0) queued[String(v.labels.symbol)] = v.value;
    const placed = (await this.metrics.read('exchange_orders_placed_total')).reduce((n, v) => n + v.value, 0);
    const orders = Math.max(0, placed - this.ordersSeen);
    this.ordersSeen = placed;
    const reported = ConnectionLossLog.shared.reported;
    const errors = reported - this.dbErrorsSeen;
    this.dbErrorsSeen = reported;
    return {
      instance: INSTANCE_ID,
      at: now,
      intervalMs: this.config.monitoring.intervalMs,
      http: { requests: http.requests, errors5xx: http.errors5xx, durations: http.durations },
      activeUsers: http.activeUsers,
      orders,
      eventLoopP99Ms: Number.isFinite(eventLoopP99Ms) ? eventLoopP99Ms : 0,
      db: { inUse: pool.get('in_use') ?? 0, waiting: pool.get('waiting') ?? 0, errors },
      sockets,
      queued,
    };
  }
}

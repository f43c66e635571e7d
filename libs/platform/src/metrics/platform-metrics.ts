import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxLag } from '../outbox/outbox-lag';
import { OutboxRelay } from '../outbox/outbox-relay';
import { Metrics } from './metrics';

interface PgPool {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** The platform's gauges: the database pool, the outbox relay of this instance and the relay's backlog. */
@Injectable()
export class PlatformMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly lag: OutboxLag,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('exchange_db_pool_connections', 'Connections of the database pool by state (in use = total - idle; waiting: queries waiting for one)', ['state'], (g) => {
      const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
      if (!pool) return;
      g.set({ state: 'total' }, pool.totalCount);
      g.set({ state: 'idle' }, pool.idleCount);
      g.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      g.set({ state: 'waiting' }, pool.waitingCount);
    });
    this.metrics.gauge('exchange_outbox_relayed_events', 'Outbox events this instance relayed since it started (the relay leader relays them all)', [], (g) => {
      g.set(this.relay.status().relayed);
    });
    this.metrics.gauge('exchange_outbox_lag', 'Committed outbox events not yet relayed: rows, and the age of the oldest in seconds', ['measure'], async (g) => {
      const lag = await this.lag.read();
      g.set({ measure: 'rows' }, lag.rows);
      g.set({ measure: 'age_seconds' }, lag.ageMs / 1000);
    });
    this.metrics.gauge('exchange_outbox_relay_leader', '1 when this instance holds the outbox relay lock', [], (g) => {
      g.set(this.relay.status().leader ? 1 : 0);
    });
  }
}

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { LeadershipLease } from './leadership-lease';
import { pgClientConfigOf } from '../database/pg-client-config';

/**
 * Hands out named leases on the app's database (one per name per process) and
 * releases them all at shutdown. See LeadershipLease and docs/market.md.
 */
@Injectable()
export class LeadershipService implements OnApplicationShutdown {
  private readonly leases = new Map<string, LeadershipLease>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The lease of `name` (created on first use, not started). */
  lease(name: string): LeadershipLease {
    let lease = this.leases.get(name);
    if (!lease) {
      const logger = new Logger(`Lease ${name}`);
      lease = new LeadershipLease({ name, connection: pgClientConfigOf(this.dataSource), retryMs: this.config.market.leaderRetryMs, logger });
      this.leases.set(name, lease);
    }
    return lease;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.leases.values()].map((lease) => lease.stop()));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';

export type DependencyStatus = 'up' | 'down' | 'disabled';

export interface HealthReport {
  readonly status: 'ok' | 'error';
  readonly checks: { readonly database: DependencyStatus; readonly redis: DependencyStatus };
}

/** Readiness of the process's dependencies: PostgreSQL always, Redis when configured. */
@Injectable()
export class HealthService {
  private shuttingDown = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  /** Once shutdown starts, readiness fails so a load balancer stops sending traffic. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([this.database(), this.redisStatus()]);
    const ok = !this.shuttingDown && database === 'up' && redis !== 'down';
    return { status: ok ? 'ok' : 'error', checks: { database, redis } };
  }

  private async database(): Promise<DependencyStatus> {
    if (!this.dataSource.isInitialized) return 'down';
    const timeout = new Promise<DependencyStatus>((resolve) => setTimeout(() => resolve('down'), 2000).unref());
    const query = this.dataSource.query('SELECT 1').then((): DependencyStatus => 'up', (): DependencyStatus => 'down');
    return Promise.race([query, timeout]);
  }

  private async redisStatus(): Promise<DependencyStatus> {
    if (!this.redis.enabled) return 'disabled';
    return (await this.redis.ping()) ? 'up' : 'down';
  }
}

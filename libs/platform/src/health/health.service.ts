import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { INSTANCE_ID } from '../logging/instance-id';
import { RedisConnection } from '../redis/redis-connection';

export type DependencyStatus = 'up' | 'down' | 'disabled';

export interface HealthChecks {
  readonly database: DependencyStatus;
  readonly redis: DependencyStatus;
}

export interface HealthReport {
  readonly status: 'ok' | 'error';
  /** The process's instance id (the one on its log lines). */
  readonly instance: string;
  readonly checks: HealthChecks;
}

/** How long a dependency check answers every readiness probe. */
export const READINESS_CACHE_MS = 1000;
const CHECK_TIMEOUT_MS = 2000;

interface CachedChecks {
  readonly checks: Promise<HealthChecks>;
  settledAt?: number;
}

/**
 * Readiness of the process's dependencies: PostgreSQL always, Redis when
 * configured. One check serves every probe for about a second (those that
 * arrive while it runs wait for it): a flood of readiness probes costs one
 * `SELECT 1` a second, never a pooled connection each.
 */
@Injectable()
export class HealthService {
  private shuttingDown = false;
  private cached: CachedChecks | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  /** Once shutdown starts, readiness fails (at once, whatever is cached) so a load balancer stops sending traffic. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async check(): Promise<HealthReport> {
    const checks = await this.currentChecks();
    const ok = !this.shuttingDown && checks.database === 'up' && checks.redis !== 'down';
    return { status: ok ? 'ok' : 'error', instance: INSTANCE_ID, checks };
  }

  private currentChecks(): Promise<HealthChecks> {
    const cached = this.cached;
    const fresh = cached && (cached.settledAt === undefined || Date.now() - cached.settledAt < READINESS_CACHE_MS);
    if (fresh) return cached.checks;
    const entry: CachedChecks = {
      checks: Promise.all([this.database(), this.redisStatus()]).then(([database, redis]) => ({ database, redis })),
    };
    void entry.checks.then(() => (entry.settledAt = Date.now()));
    this.cached = entry;
    return entry.checks;
  }

  private async database(): Promise<DependencyStatus> {
    if (!this.dataSource.isInitialized) return 'down';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DependencyStatus>((resolve) => (timer = setTimeout(() => resolve('down'), CHECK_TIMEOUT_MS)));
    const query = this.dataSource.query('SELECT 1').then((): DependencyStatus => 'up', (): DependencyStatus => 'down');
    return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
  }

  private async redisStatus(): Promise<DependencyStatus> {
    if (!this.redis.enabled) return 'disabled';
    return (await this.redis.ping()) ? 'up' : 'down';
  }
}

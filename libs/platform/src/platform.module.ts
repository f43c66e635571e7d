import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from '@lib/kernel';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/app-config';
import { transactionalContextModule } from './context/transactional-context';
import { DatabaseSchema, dataSourceOptions } from './database/data-source-options';
import { runMigrationsLocked } from './database/run-migrations';
import { HealthService } from './health/health.service';
import { IdempotencyKeyExpiry } from './idempotency/idempotency-key-expiry';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { Metrics } from './metrics/metrics';
import { OutboxLag } from './outbox/outbox-lag';
import { Alerts } from './alerts/alerts';
import { AuditLog } from './audit/audit-log';
import { PlatformMetrics } from './metrics/platform-metrics';
import { LeadershipService } from './leadership/leadership.service';
import { RedisConnection } from './redis/redis-connection';
import { RetentionScheduler } from './retention/retention-scheduler';
import { OutboxCommitSignal } from './outbox/outbox-commit-signal';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxSubscribers } from './outbox/outbox-subscribers';
import { OutboxWriter } from './outbox/outbox-writer';
import { ProcessedEvents } from './outbox/processed-events';

export interface PlatformModuleOptions {
  readonly config: AppConfig;
  /** The resolved connection URL (the embedded server's when DATABASE_URL is not set). */
  readonly databaseUrl: string;
  readonly schema: DatabaseSchema;
  readonly logger: Logger;
}

/**
 * Infrastructure every context shares: validated config, the DataSource
 * (migrations run at boot under an advisory lock), the ambient transaction
 * (nestjs-cls), the request context, the optional Redis client and health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config, databaseUrl, schema, logger } = options;
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions(
              { url: databaseUrl, poolSize: config.database.poolSize, logQueries: config.database.logQueries, logger },
              schema,
            ),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
        transactionalContextModule(),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
        RedisConnection,
        HealthService,
        IdempotencyStore,
        RetentionScheduler,
        IdempotencyKeyExpiry,
        OutboxCommitSignal,
        OutboxWriter,
        OutboxSubscribers,
        OutboxRelay,
        ProcessedEvents,
        LeadershipService,
        Metrics,
        PlatformMetrics,
        AuditLog,
        OutboxLag,
        Alerts,
      ],
      exports: [
        AppConfig,
        Clock,
        RedisConnection,
        HealthService,
        IdempotencyStore,
        RetentionScheduler,
        OutboxWriter,
        OutboxSubscribers,
        OutboxRelay,
        ProcessedEvents,
        LeadershipService,
        Metrics,
        AuditLog,
        OutboxLag,
        Alerts,
      ],
    };
  }
}

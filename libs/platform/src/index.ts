export * from './config';
export { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from './schema';
export { PlatformModule, type PlatformModuleOptions } from './platform.module';
export { type DatabaseSchema, dataSourceOptions } from './database/data-source-options';
export { startEmbeddedPostgres, type EmbeddedDatabase, findFreePort } from './database/embedded-postgres';
export { runMigrationsLocked } from './database/run-migrations';
export { bigintColumn } from './database/bigint.transformer';
export { createLogger, resolveLogFormat, type LoggerOptions } from './logging/create-logger';
export { INSTANCE_ID } from './logging/instance-id';
export { PinoNestLogger, safeError } from './logging/pino-nest-logger';
export { RedisConnection } from './redis/redis-connection';
export { HealthService, READINESS_CACHE_MS, type HealthReport, type HealthChecks, type DependencyStatus } from './health/health.service';
export { TransactionHost, Transactional } from '@nestjs-cls/transactional';
export { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
export {
  IdempotencyStore,
  type IdempotencyOutcome,
  type IdempotentRequest,
  type StoredResponse,
} from './idempotency/idempotency-store';
export { IDEMPOTENCY_KEY_PATTERN, canonicalJson, isValidIdempotencyKey, requestHash } from './idempotency/idempotent-request';
export {
  type IntegrationEvent,
  type NewIntegrationEvent,
  type IntegrationEventHandler,
  type IntegrationEventBatchHandler,
  IntegrationEventPublished,
} from './outbox/integration-event';
export {
  type IntegrationEventMap,
  type IntegrationEventType,
  type IntegrationEventOf,
  type NewIntegrationEventOf,
  type CheckedNewEvent,
  type PayloadOf,
} from './outbox/event-map';
export { OutboxWriter } from './outbox/outbox-writer';
export { OutboxSubscribers, ALL_EVENTS, type EventTypeFilter } from './outbox/outbox-subscribers';
export { OutboxRelay, OUTBOX_RELAY_LOCK_KEY, type OutboxRelayStatus } from './outbox/outbox-relay';
export { ProcessedEvents } from './outbox/processed-events';
export { OutboxUserEvents, MAX_USER_EVENTS_PER_READ, type UserEventsRead } from './outbox/outbox-user-events';
export { LeadershipLease, type LeaseOptions, type LeadershipListener } from './leadership/leadership-lease';
export { LeadershipService } from './leadership/leadership.service';
export { LeasedLoop } from './leadership/leased-loop';
export { RetentionScheduler, RETENTION_LEASE, type RetentionTask } from './retention/retention-scheduler';
export { isSystemEventPayload } from './outbox/outbox-system-prune';
export { advisoryLockKey } from './leadership/advisory-lock-key';
export { pgClientConfigOf } from './database/pg-client-config';
export { ReadBatcher, READ_BATCH_MAX_KEYS } from './database/read-batcher';
export { isConnectionLoss } from './database/connection-loss';
export { RedisThrottlerStorage, RateLimitStoreUnavailable } from './redis/redis-throttler-storage';
export { MemoryThrottlerStorage } from './rate-limit/memory-throttler-storage';
export { Metrics } from './metrics/metrics';
export { AuditLog, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditVerification } from './audit/audit-log';
export { OutboxLag, OUTBOX_LAG_COUNT_CAP, type OutboxLagView } from './outbox/outbox-lag';
export { Alerts, type AlertCode, type AlertCondition, type AlertSeverity, type AlertView, type AlertListener } from './alerts/alerts';
export { ConnectionLossLog } from './database/connection-loss';
export { IntervalHistogram, quantileMs } from './metrics/interval-histogram';
export { type HttpWindow, ACTIVE_USER_WINDOW_MS } from './metrics/metrics';
export { CoalescedRun } from './scheduling/coalesced-run';
export { workerEntry, type WorkerEntry } from './workers/worker-entry';

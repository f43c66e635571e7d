import { RetentionConfig } from './app-config';
import { EnvReader } from './env-reader';

/**
 * How long the rows that only the system needs are kept: the built-in bots'
 * events, ended orders and trades, and idempotency keys. Users' own data has
 * its own (longer) settings or is never deleted.
 */
export function readRetention(e: EnvReader): RetentionConfig {
  return {
    intervalMs: e.int('RETENTION_INTERVAL_MS', 60_000, 100, 86_400_000),
    systemEventMinutes: e.int('OUTBOX_SYSTEM_RETENTION_MINUTES', 10, 1, 525_600),
    botOrderMinutes: e.int('BOT_ORDER_RETENTION_MINUTES', 60, 1, 525_600),
    botTradeDays: e.int('BOT_TRADE_RETENTION_DAYS', 30, 1, 3650),
    idempotencyKeyHours: e.int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 8760),
  };
}

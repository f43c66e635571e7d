import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, JwtConfig, NodeEnv } from './app-config';
import { ConfigError } from './config.error';
import { EnvReader } from './env-reader';
import { readCorsOrigins } from './load-config.cors';
import { readAdmin } from './load-config.admin';
import { readLog } from './load-config.logging';
import { readOrderQueues } from './load-config.order-queues';
import { readRealtime } from './load-config.realtime';
import { readRateLimits, readTrustProxy } from './load-config.rate-limits';
import { readLiquidity } from './load-config.liquidity';
import { readRisk } from './load-config.risk';
import { readMetrics } from './load-config.metrics';
import { readMonitoring } from './load-config.monitoring';
import { readApiKeys } from './load-config.api-keys';
import { readMarketSeed } from './load-config.market-seed';
import { readRetention } from './load-config.retention';
import { readCandleRetention, readHistory } from './load-config.history';
import { readBacktests } from './load-config.backtests';

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const MIN_SECRET_BYTES = 32;

/**
 * The one place that reads the environment. Every problem is collected and
 * reported together; the process must not start on a bad configuration.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const e = new EnvReader(env);
  const nodeEnv = e.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const dataDir = resolve(e.string('DATA_DIR', './.data'));
  const databaseUrl = e.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = e.url('REDIS_URL', ['redis:', 'rediss:']);
  const corsOrigins = readCorsOrigins(e);
  const admin = readAdmin(e);

  const jwt = readJwt(e, nodeEnv, dataDir);
  const config = new AppConfig(
    nodeEnv,
    dataDir,
    {
      host: e.string('HOST', '0.0.0.0'),
      port: e.int('PORT', 3000, 0, 65535),
      corsOrigins,
      trustProxy: readTrustProxy(e),
      maxInFlight: e.int('HTTP_MAX_IN_FLIGHT', 512, 0, 1_000_000),
      shutdownTimeoutMs: e.int('SHUTDOWN_TIMEOUT_MS', 8000, 100, 60000),
    },
    {
      url: databaseUrl,
      embeddedPort: e.int('EMBEDDED_PG_PORT', undefined, 1024, 65535),
      poolSize: e.int('DATABASE_POOL_SIZE', 20, 1, 500),
      logQueries: e.bool('DATABASE_LOG_QUERIES', false),
    },
    { url: redisUrl, keyPrefix: e.string('REDIS_KEY_PREFIX', 'exchange:') },
    jwt,
    {
      maxFailuresPerAccount: e.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
      maxFailuresPerIp: e.int('LOGIN_MAX_FAILURES_PER_IP', 50, 1, 100000),
      lockoutSeconds: e.int('LOGIN_LOCKOUT_SECONDS', 900, 1, 86400),
      sessionCacheMs: e.int('AUTH_SESSION_CACHE_MS', 10_000, 0, 60_000),
      sessionCacheMaxEntries: e.int('AUTH_SESSION_CACHE_MAX_ENTRIES', 10_000, 1, 1_000_000),
    },
    admin,
    readLog(e, nodeEnv),
    {
      withdrawalDelayMs: e.int('WITHDRAWAL_DELAY_MS', 10_000, 0, 7 * 86_400_000),
      withdrawalJobIntervalMs: e.int('WITHDRAWAL_JOB_INTERVAL_MS', 1000, 50, 3_600_000),
    },
    {
      pollMs: e.int('OUTBOX_POLL_MS', 200, 10, 60_000),
      minIntervalMs: e.int('OUTBOX_MIN_INTERVAL_MS', 10, 0, 1000),
      retentionHours: e.int('OUTBOX_RETENTION_HOURS', 168, 0, 87_600),
      pruneIntervalMs: e.int('OUTBOX_PRUNE_INTERVAL_MS', 60_000, 100, 86_400_000),
    },
    {
      feedEnabled: e.bool('FEED_ENABLED', true),
      feedIntervalMs: e.int('FEED_INTERVAL_MS', 1000, 20, 60_000),
      ...readMarketSeed(e, dataDir),
      leaderRetryMs: e.int('LEADER_RETRY_MS', 1000, 50, 60_000),
      sampleRetentionMs: e.int('PRICE_SAMPLE_RETENTION_MS', 3_600_000, 60_000, 7 * 86_400_000),
      ...readCandleRetention(e),
      ...readHistory(e),
    },
    readRealtime(e),
    readLiquidity(e, nodeEnv),
    {
      snapshotIntervalMs: e.int('PORTFOLIO_SNAPSHOT_INTERVAL_MS', 60_000, 100, 86_400_000),
      snapshotRetentionDays: e.int('PORTFOLIO_SNAPSHOT_RETENTION_DAYS', 7, 1, 3650),
    },
    {
      maxOpenOrdersPerUser: e.int('MAX_OPEN_ORDERS_PER_USER', 1000, 1, 100_000),
      ...readOrderQueues(e),
      maxBatchPerTurn: e.int('ORDERS_MAX_BATCH', 64, 1, 10_000),
      lanes: e.int('ORDERS_LANES', 1, 1, 64),
      triggersEnabled: e.bool('TRIGGER_MONITOR', true),
      triggerIntervalMs: e.int('TRIGGER_INTERVAL_MS', 200, 10, 60_000),
      countdownPollMs: e.int('COUNTDOWN_POLL_MS', 250, 10, 60_000),
    },
    readRateLimits(e),
    readRetention(e),
    readRisk(e, nodeEnv),
    readMetrics(e),
    readMonitoring(e, nodeEnv),
    readApiKeys(e, jwt.secret),
    readBacktests(e),
  );

  // An order batch holds a connection for its transaction and reads beside it on another (funds, counts, clientOrderIds).
  if (config.database.poolSize <= config.orders.lanes) {
    e.fail('DATABASE_POOL_SIZE', `must be above ORDERS_LANES (${config.orders.lanes}): each lane's batch holds one connection and reads beside it on another`);
  }
  if (e.errors.length > 0) throw new ConfigError(e.errors);
  return config;
}

function readJwt(e: EnvReader, nodeEnv: NodeEnv, dataDir: string): JwtConfig {
  const accessTtlSeconds = e.int('JWT_ACCESS_TTL_SECONDS', 900, 30, 86400);
  const refreshTtlSeconds = e.int('JWT_REFRESH_TTL_SECONDS', 30 * 86400, 60, 365 * 86400);
  const issuer = e.string('JWT_ISSUER', 'exchange');
  const audience = e.string('JWT_AUDIENCE', 'exchange-api');
  const given = e.raw('JWT_SECRET');
  let secret: Buffer;
  if (given !== undefined) {
    secret = Buffer.from(given, 'utf8');
    if (secret.length < MIN_SECRET_BYTES) {
      e.fail('JWT_SECRET', `must be at least ${MIN_SECRET_BYTES} bytes long`);
    }
  } else if (nodeEnv === 'production') {
    e.fail('JWT_SECRET', 'is required when NODE_ENV=production (at least 32 random bytes)');
    secret = Buffer.alloc(0);
  } else {
    secret = developmentSecret(dataDir);
    if (secret.length < MIN_SECRET_BYTES) {
      e.fail('JWT_SECRET', `is not set and ${join(dataDir, 'jwt-secret')} holds fewer than ${MIN_SECRET_BYTES} bytes: delete that file to generate a new key`);
    }
  }
  return { secret, issuer, audience, accessTtlSeconds, refreshTtlSeconds };
}

/** Outside production a key is generated once and kept in DATA_DIR, so tokens survive restarts. */
function developmentSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48);
  // Write then rename: a crash never leaves a truncated key behind.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, secret.toString('base64url'), { mode: 0o600 });
  renameSync(partial, file);
  return secret;
}

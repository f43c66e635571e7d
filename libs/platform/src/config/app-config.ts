import type { ApiKeysConfig } from './api-keys-config';
import type { BacktestsConfig } from './backtests-config';
import type { MetricsConfig, MonitoringConfig } from './monitoring-config';
import type { CandleRetentionSettings, HistorySettings } from './load-config.history';

export type { MetricsConfig, MonitoringConfig } from './monitoring-config';
export type { ApiKeysConfig } from './api-keys-config';
export type { BacktestsConfig } from './backtests-config';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `auto`: pretty text when stdout is a terminal and NODE_ENV=development, JSON otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/**
 * The validated configuration of one process. It is also the DI token:
 * inject `AppConfig` wherever a setting is needed; nothing else reads the environment.
 */
export class AppConfig {
  constructor(
    readonly nodeEnv: NodeEnv,
    readonly dataDir: string,
    readonly http: HttpConfig,
    readonly database: DatabaseConfig,
    readonly redis: RedisConfig,
    readonly jwt: JwtConfig,
    readonly auth: AuthPolicyConfig,
    readonly admin: AdminConfig | undefined,
    readonly log: LogConfig,
    readonly wallet: WalletConfig,
    readonly outbox: OutboxConfig,
    readonly market: MarketConfig,
    readonly realtime: RealtimeConfig,
    readonly liquidity: LiquidityConfig,
    readonly portfolio: PortfolioConfig,
    readonly orders: OrdersConfig,
    readonly rateLimits: RateLimitConfig,
    readonly retention: RetentionConfig,
    readonly risk: RiskConfig,
    readonly metrics: MetricsConfig,
    readonly monitoring: MonitoringConfig,
    readonly apiKeys: ApiKeysConfig,
    readonly backtests: BacktestsConfig,
  ) {}

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** `true` (`*`) allows any origin (bearer tokens, no cookies); a list allows those origins; `none` (empty list) disables CORS. */
  readonly corsOrigins: true | readonly string[];
  /** Which peers may set the client address with X-Forwarded-For: none, the nearest `hops` peers, or these addresses/CIDRs. */
  readonly trustProxy: TrustProxy;
  readonly shutdownTimeoutMs: number;
  /** Requests served at once before new ones are refused 503 OVERLOADED in the first hook (0: no limit). */
  readonly maxInFlight: number;
}

export interface DatabaseConfig {
  /** A real PostgreSQL; when absent an embedded server is started under dataDir. */
  readonly url: string | undefined;
  readonly embeddedPort: number | undefined;
  readonly poolSize: number;
  readonly logQueries: boolean;
}

export interface RedisConfig {
  readonly url: string | undefined;
  readonly keyPrefix: string;
}

export interface JwtConfig {
  /** HS256 key material (at least 32 bytes). */
  readonly secret: Buffer;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
}

export interface AuthPolicyConfig {
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerIp: number;
  readonly lockoutSeconds: number;
  /**
   * How long one instance may answer the per-request session check from memory
   * (0: always ask the database). Changes made on this instance invalidate at once;
   * a change made on another instance is seen within this bound (sooner over Redis).
   */
  readonly sessionCacheMs: number;
  /** Sessions kept in that cache at most (oldest dropped first). */
  readonly sessionCacheMaxEntries: number;
}

export interface AdminConfig {
  readonly email: string;
  readonly password: string;
  /** ADMIN_ALLOW_PROMOTION: an existing non-admin account with ADMIN_EMAIL may be made the admin (its sessions revoked). */
  readonly allowPromotion: boolean;
}

export interface WalletConfig {
  /** The simulated chain confirms a withdrawal this long after the request. */
  readonly withdrawalDelayMs: number;
  /** How often the job looks for confirmed withdrawals. */
  readonly withdrawalJobIntervalMs: number;
}

export interface LogConfig {
  readonly level: LogLevel;
  readonly format: LogFormat;
}

export interface OutboxConfig {
  /** How often the outbox relay looks for committed events when no commit woke it up. */
  readonly pollMs: number;
  /** The least time between two reads when commits wake the relay (events of that interval go out together). */
  readonly minIntervalMs: number;
  /** Published events older than this are deleted by the relay (0: kept forever). Bounds the /user resume's history. */
  readonly retentionHours: number;
  /** How often the relay deletes expired events (in chunks, on a pooled connection, beside relaying). */
  readonly pruneIntervalMs: number;
}

/** With the candle retention per interval and the synthetic history's settings (load-config.history.ts). */
export interface MarketConfig extends CandleRetentionSettings, HistorySettings {
  /** Run the price feed (only the leader among the instances on one database ticks). */
  readonly feedEnabled: boolean;
  readonly feedIntervalMs: number;
  /** Seed of the simulated random walk and the noise trader: the install's 256-bit secret, or MARKET_SEED (reproducible, predictable). */
  readonly seed: string;
  /** Where the seed came from: MARKET_SEED, the secret kept in DATA_DIR/market-seed (`file`), or a secret of this process (`ephemeral`, DATA_DIR not writable). */
  readonly seedSource: 'MARKET_SEED' | 'file' | 'ephemeral';
  /** How often an instance that does not lead retries for the lease (and how often a leader checks it still holds it). */
  readonly leaderRetryMs: number;
  /** Per-tick price samples are deleted after this long (candles keep the history). */
  readonly sampleRetentionMs: number;
}

export interface RealtimeConfig {
  /** Symbols (rooms) one socket may be subscribed to at once. */
  readonly maxSubscriptionsPerSocket: number;
  /** Incoming messages per socket per second before it gets an `error` event and is disconnected. */
  readonly maxMessagesPerSecond: number;
  /** Sockets one client IP may hold on the public namespaces (/prices and /market together), per instance. */
  readonly maxSocketsPerIp: number;
  /** /user sockets one user may hold, per instance. */
  readonly maxSocketsPerUser: number;
  /** /user `resume` budget per user: a burst of this many reads... */
  readonly resumeBurst: number;
  /** ...refilled at this many per second. */
  readonly resumePerSecond: number;
  /** `resume` outbox reads running at once per instance (the rest wait): what they may take of the database pool. */
  readonly resumeConcurrency: number;
}

export interface LiquidityConfig {
  /** Run the built-in market maker (a ladder of limit orders on every TRADING spot market); only the `liquidity` lease holder runs it. */
  readonly marketMaker: boolean;
  /** Run the noise trader (small random market orders on spot markets). */
  readonly noiseTrader: boolean;
  /** How often the maker re-quotes (cancels stale levels, refills partly filled ones, places missing ones). */
  readonly refreshMs: number;
  /** Levels per side. */
  readonly levels: number;
  /** Target distance between levels in basis points of the mark (rounded down to 1, 2 or 5 x 10^k ticks). */
  readonly stepBps: number;
  /** Size of one level, in whole units of the market's quote asset (rounded down to the step, at least the market's minimums). */
  readonly levelNotional: bigint;
  /** Whole units of a market's quote asset the maker may lose on that market in one UTC day (fills marked to the mark) before it stops quoting there until the next day. */
  readonly maxDailyLoss: bigint;
  /**
   * The largest position the maker may hold on a perpetual market, as a notional in whole units of
   * its settlement asset at the mark: it skews its quotes against its position and never quotes the
   * side whose fills could take |position| past it.
   */
  readonly maxPosition: bigint;
  /** Top-ups of a bot's balance from EXTERNAL per asset per UTC day at most (each to the funding target): the bound on what the bots mint. */
  readonly maxTopUpsPerDay: number;
  /** The noise trader sends one market order per market every NOISE_TRADER_MIN_MS..NOISE_TRADER_MAX_MS (seeded by MARKET_SEED). */
  readonly noiseMinMs: number;
  readonly noiseMaxMs: number;
}

export interface PortfolioConfig {
  /** How often the snapshot job records every holder's equity (only the `portfolio.snapshots` lease holder runs it). */
  readonly snapshotIntervalMs: number;
  /** Equity snapshots older than this many days are deleted. */
  readonly snapshotRetentionDays: number;
}

export interface OrdersConfig {
  /** Open orders (NEW, PARTIALLY_FILLED) one user may have across all markets. */
  readonly maxOpenOrdersPerUser: number;
  /** Commands one market may have waiting before it answers 503 MARKET_BUSY (backpressure). */
  readonly maxQueuedPerMarket: number;
  /** Commands of one user one market may have pending at once (their share of its queue) before 429 TOO_MANY_PENDING_ORDERS. */
  readonly maxQueuedPerUser: number;
  /** Commands decided and committed together in one transaction (group commit). */
  readonly maxBatchPerTurn: number;
  /** Commit lanes: markets are spread over them; one batch at a time per lane, lanes in parallel. */
  readonly lanes: number;
  /** Run the trigger monitor (conditional orders, GTD expiry) on the `orders.triggers` lease holder. */
  readonly triggersEnabled: boolean;
  /** How often the trigger monitor looks at the prices when no tick or trade woke it. */
  readonly triggerIntervalMs: number;
  /** How often the `orders.countdowns` lease holder looks for expired dead-man's switches (COUNTDOWN_POLL_MS). */
  readonly countdownPollMs: number;
}

export type TrustProxy = false | { readonly hops: number } | { readonly addresses: readonly string[] };

/** `limit` requests per `windowSeconds` (a fixed window); a limit of 0 turns the budget off. */
export interface RateLimitBudget {
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * HTTP request budgets by route kind: per user (the JWT's principal) on authenticated
 * routes, per client IP otherwise. Health routes are never limited.
 */
export interface RateLimitConfig {
  /** POST/PATCH/DELETE of orders, per user. */
  readonly orders: RateLimitBudget;
  /** Authenticated GETs, per user. */
  readonly reads: RateLimitBudget;
  /** Other authenticated requests (wallet, profile, logout, admin), per user. */
  readonly writes: RateLimitBudget;
  /** Login, register, refresh (per IP) and password change (per user). */
  readonly auth: RateLimitBudget;
  /** Registrations per IP, on top of `auth`: each costs an argon2 hash and a faucet identity. */
  readonly register: RateLimitBudget;
  /** Public market data, per IP. */
  readonly public: RateLimitBudget;
}

export interface RetentionConfig {
  /** How often the retention jobs run (bot orders and trades, idempotency keys), on one instance per database. */
  readonly intervalMs: number;
  /** Published outbox events of system accounts, and events that name no user, are deleted after this (users' events: OutboxConfig.retentionHours). */
  readonly systemEventMinutes: number;
  /** Ended orders of the liquidity bots (system accounts) are deleted this long after their last change. */
  readonly botOrderMinutes: number;
  /** Trades between two system accounts are deleted after this many days (a trade with a user is never deleted). */
  readonly botTradeDays: number;
  /** An Idempotency-Key is remembered this long; a retry after that runs again. */
  readonly idempotencyKeyHours: number;
}

/** The risk engine (docs/risk.md). Rates are integers of 10^-8 ("0.0001" = 10_000n). */
export interface RiskConfig {
  /** FUNDING_INTERVAL: funding times are the multiples of it since the epoch (8 h: 00:00, 08:00, 16:00 UTC). */
  readonly fundingIntervalMs: number;
  /** FUNDING_ENABLED: this instance competes for the funding job's and the premium sampler's leases (tests turn it off). */
  readonly fundingEnabled: boolean;
  /** How often the premium of each perpetual book against its index is sampled (FUNDING_SAMPLE_MS). */
  readonly premiumSampleMs: number;
  /** The notional, in whole units of the settlement asset, whose average fill price is a book's impact bid or ask. */
  readonly impactNotional: bigint;
  /** The interest rate per funding interval. */
  readonly interestRateE8: bigint;
  /** The band around the premium the interest rate may pull the funding rate by (0.05 %). */
  readonly clampE8: bigint;
  /** The largest funding rate per interval, either way. */
  readonly capE8: bigint;
  /** The window the mark price averages the book's basis over. */
  readonly markBasisWindowMs: number;
  /**
   * MARK_PRICE_FORMULA: a perpetual's mark is the median formula (docs/risk.md); false marks every
   * perpetual at its index (a switch for a broken book, and for tests whose model fixes the mark).
   */
  readonly markFormula: boolean;
  /** The liquidation fee, of the closed notional, paid to the insurance fund out of what the position has left. */
  readonly liquidationFeeE8: bigint;
  /** A `marginCall` is sent when maintenance margin / margin balance reaches this ratio. */
  readonly marginCallE8: bigint;
  /** Watch margins and liquidate (the `risk.monitor` lease holder). */
  readonly monitorEnabled: boolean;
  /** How often the monitor re-reads the marks when no tick woke it. */
  readonly monitorIntervalMs: number;
  /** How often the kill-switch watcher (one instance) checks the armed switches. */
  readonly killSwitchIntervalMs: number;
  /** The largest notional of one order, in whole units of its quote (settlement) asset at its limit (RISK_MAX_ORDER_NOTIONAL). */
  readonly maxOrderNotional: bigint;
  /** RECONCILE: the continuous reconciliation runs on the `risk.reconcile` lease holder. */
  readonly reconcileEnabled: boolean;
  /** RECONCILE_INTERVAL_MS: how often it checks (the ledger, locked funds against holds, open interest, clearing). */
  readonly reconcileIntervalMs: number;
  /** RECONCILE_HALT_ON_MISMATCH: a mismatch halts the markets it implicates (never reopened automatically). */
  readonly reconcileHaltOnMismatch: boolean;
}

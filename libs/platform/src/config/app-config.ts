export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
  readonly trustProxy: boolean;
  readonly shutdownTimeoutMs: number;
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
}

export interface AdminConfig {
  readonly email: string;
  readonly password: string;
}

export interface WalletConfig {
  /** The simulated chain confirms a withdrawal this long after the request. */
  readonly withdrawalDelayMs: number;
  /** How often the job looks for confirmed withdrawals. */
  readonly withdrawalJobIntervalMs: number;
}

export interface LogConfig {
  readonly level: LogLevel;
}

export interface OutboxConfig {
  /** How often the outbox relay looks for committed events when no commit woke it up. */
  readonly pollMs: number;
}

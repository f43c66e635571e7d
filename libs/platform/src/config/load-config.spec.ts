import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

type Env = Record<string, string | undefined>;

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'load-config-spec-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** An environment that loads on its own; `overrides` changes or adds variables. */
function env(overrides: Env = {}): Env {
  return { DATA_DIR: dataDir, ...overrides };
}

/** The ConfigError thrown by loadConfig, or a failure when it loads. */
function configErrorOf(vars: Env): ConfigError {
  try {
    loadConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

const STRONG_SECRET = 'a-production-secret-of-at-least-32-bytes!';

describe('loadConfig', () => {
  it('applies the documented defaults to a minimal environment', () => {
    const config = loadConfig(env());

    expect(config.nodeEnv).toBe('development');
    expect(config.isProduction).toBe(false);
    expect(config.dataDir).toBe(dataDir);
    expect(config.http.port).toBe(3000);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.corsOrigins).toBe(true);
    expect(config.log.level).toBe('info');
    expect(config.admin).toBeUndefined();
    expect(config.database.url).toBeUndefined();
    expect(config.auth).toEqual({ maxFailuresPerAccount: 5, maxFailuresPerIp: 50, lockoutSeconds: 900, sessionCacheMs: 10_000, sessionCacheMaxEntries: 10_000 });
  });

  it('reads the variables it is given instead of the defaults', () => {
    const config = loadConfig(env({ PORT: '8080', LOG_LEVEL: 'debug', TRUST_PROXY: '1', LOGIN_MAX_FAILURES: '7' }));

    expect(config.http.port).toBe(8080);
    expect(config.log.level).toBe('debug');
    expect(config.http.trustProxy).toEqual({ hops: 1 });
    expect(config.auth.maxFailuresPerAccount).toBe(7);
  });

  it('rejects a non-numeric PORT with a ConfigError that names PORT', () => {
    const error = configErrorOf(env({ PORT: 'abc' }));

    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('PORT');
    expect(error.problems).toHaveLength(1);
  });

  it('reports every bad variable together in one error', () => {
    const error = configErrorOf(env({ PORT: 'abc', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe', NODE_ENV: 'staging' }));

    expect(error.problems).toHaveLength(4);
    for (const name of ['PORT', 'LOG_LEVEL', 'TRUST_PROXY', 'NODE_ENV']) {
      expect(error.message).toContain(name);
    }
  });

  it('refuses to start in production without JWT_SECRET, and generates no secret file', () => {
    const error = configErrorOf(env({ NODE_ENV: 'production' }));

    expect(error.problems).toEqual([expect.stringContaining('JWT_SECRET')]);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('accepts a production configuration with a long enough JWT_SECRET', () => {
    const config = loadConfig(env({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET }));

    expect(config.isProduction).toBe(true);
    expect(config.jwt.secret.equals(Buffer.from(STRONG_SECRET, 'utf8'))).toBe(true);
  });

  it('rejects a JWT_SECRET shorter than 32 bytes without echoing it', () => {
    const shortSecret = 'only-31-bytes-long-secret-value';
    expect(Buffer.byteLength(shortSecret)).toBe(31);

    const error = configErrorOf(env({ JWT_SECRET: shortSecret }));

    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).not.toContain(shortSecret);
  });

  it('measures JWT_SECRET in bytes, not characters', () => {
    // 16 characters, 32 bytes in UTF-8.
    expect(loadConfig(env({ JWT_SECRET: 'é'.repeat(16) })).jwt.secret).toHaveLength(32);
    expect(() => loadConfig(env({ JWT_SECRET: 'x'.repeat(31) }))).toThrow(ConfigError);
    expect(loadConfig(env({ JWT_SECRET: 'x'.repeat(32) })).jwt.secret).toHaveLength(32);
  });

  it('outside production generates a secret once into DATA_DIR/jwt-secret and reuses it', () => {
    const secretFile = join(dataDir, 'jwt-secret');
    expect(existsSync(secretFile)).toBe(false);

    const first = loadConfig(env()).jwt.secret;

    expect(existsSync(secretFile)).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(secretFile, 'utf8')).toBe(first.toString('base64url'));

    const second = loadConfig(env()).jwt.secret;
    expect(second.equals(first)).toBe(true);
  });

  it('gives each DATA_DIR its own generated secret', () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'load-config-spec-other-'));
    try {
      const mine = loadConfig(env()).jwt.secret;
      const theirs = loadConfig({ DATA_DIR: otherDir }).jwt.secret;
      expect(theirs.equals(mine)).toBe(false);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('rejects an http:// DATABASE_URL without echoing its password', () => {
    const password = 'Sup3rS3cretDbPassw0rd';
    const error = configErrorOf(env({ DATABASE_URL: `http://exchange:${password}@db.internal:5432/exchange` }));

    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain(password);
  });

  it('rejects a DATABASE_URL without a scheme without echoing it', () => {
    const password = 'An0therS3cretPassw0rd';
    const error = configErrorOf(env({ DATABASE_URL: `//exchange:${password}@db.internal:5432/exchange` }));

    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain(password);
  });

  it('keeps a postgres:// DATABASE_URL as given', () => {
    const url = 'postgres://exchange:pw@db.internal:5432/exchange';
    expect(loadConfig(env({ DATABASE_URL: url })).database.url).toBe(url);
  });

  it('rejects a database pool no larger than ORDERS_LANES (a batch reads beside its transaction), naming DATABASE_POOL_SIZE', () => {
    const error = configErrorOf(env({ DATABASE_POOL_SIZE: '2', ORDERS_LANES: '2' }));

    expect(error.problems).toEqual([expect.stringContaining('DATABASE_POOL_SIZE')]);
    expect(loadConfig(env({ DATABASE_POOL_SIZE: '2' })).database.poolSize).toBe(2);
  });

  it('rejects ADMIN_EMAIL without ADMIN_PASSWORD, naming the missing variable', () => {
    const error = configErrorOf(env({ ADMIN_EMAIL: 'admin@example.com' }));

    expect(error.problems).toEqual([expect.stringContaining('ADMIN_PASSWORD')]);
  });

  it('rejects ADMIN_PASSWORD without ADMIN_EMAIL, naming the missing variable', () => {
    const error = configErrorOf(env({ ADMIN_PASSWORD: 'a long admin passphrase' }));

    expect(error.problems).toEqual([expect.stringContaining('ADMIN_EMAIL')]);
  });

  it('reads the admin account when both ADMIN_EMAIL and ADMIN_PASSWORD are set', () => {
    const config = loadConfig(env({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin passphrase' }));

    expect(config.admin).toEqual({ email: 'root@example.com', password: 'a long admin passphrase', allowPromotion: false });
  });

  it('parses CORS_ORIGINS into a trimmed list of origins', () => {
    const config = loadConfig(env({ CORS_ORIGINS: 'https://a.io, https://b.io' }));

    expect(config.http.corsOrigins).toEqual(['https://a.io', 'https://b.io']);
  });

  it('treats CORS_ORIGINS=* as any origin', () => {
    expect(loadConfig(env({ CORS_ORIGINS: '*' })).http.corsOrigins).toBe(true);
  });
});

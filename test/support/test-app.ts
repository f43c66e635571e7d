import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, createLogger, loadConfig } from '@lib/platform';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { RATE_LIMITS_OFF } from './rate-limits';

const SLOW_BOOT_MS = 10_000;

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface TestApp {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  close(): Promise<void>;
}

/**
 * One app at a time per test file: nestjs-cls keeps a single TransactionHost
 * per process, so closing a second app would break the first one's queries.
 *
 * The real app on the run's PostgreSQL (and Redis when REDIS_URL is set),
 * listening on a random local port. `env` overrides any setting.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup)');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-e2e-')),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test request comes from 127.0.0.1: the per-IP limit has its own test.
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    // No funding time settles behind a suite's exact amounts (test/funding.e2e-spec.ts turns it on where it wants it).
    FUNDING_ENABLED: 'false',
    ...RATE_LIMITS_OFF,
    ...env,
  });
  const started = Date.now();
  const app = await createApp({ config, databaseUrl, logger: createLogger(config.log.level) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const bootMs = Date.now() - started;
  // A slow boot is the first thing to know when a hook times out on CI.
  if (bootMs > SLOW_BOOT_MS) process.stderr.write(`startTestApp: boot took ${bootMs} ms (${expect.getState().testPath ?? '?'})\n`);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, config, close: () => app.close() };
}

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '@lib/platform';
import { RATE_LIMITS_OFF } from './rate-limits';
import { TEST_JWT_SECRET } from './test-app';
import { waitFor } from './wallet';

const root = resolve(__dirname, '../..');

/** Compiles the app once into `dist-<name>-test` for suites that run it as real processes. */
export function buildApp(name: string): string {
  const out = join(root, `dist-${name}-test`);
  execFileSync(join(root, 'node_modules/.bin/swc'), ['apps', 'libs', '-d', out, '--ignore', '**/*.spec.ts,**/testing/**', '-q'], { cwd: root, stdio: 'inherit' });
  return out;
}

export interface AppProcess {
  readonly url: string;
  readonly child: ChildProcess;
}

/**
 * The real API as a child process, ready when this resolves: on the run's
 * database (and Redis when set, with a key prefix of its own), a fresh
 * DATA_DIR; `env` overrides any of it (DATABASE_URL, REDIS_KEY_PREFIX for
 * instances that must share Socket.IO channels, ...).
 */
export async function startAppProcess(build: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [join(build, 'apps/api/src/main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-proc-')),
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `proc-${port}:` } : {}),
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'error',
      FUNDING_ENABLED: 'false',
      ...RATE_LIMITS_OFF,
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => ((await fetch(`${url}/api/health/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000);
  return { url, child };
}

/** Runs `run` over `items`, `atOnce` at a time (setting up many users against a real process). */
export async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<unknown>, atOnce = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

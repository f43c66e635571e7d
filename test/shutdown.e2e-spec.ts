import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '@lib/platform';
import { buildApp } from './support/app-process';
import { sleep } from './support/market';
import { waitFor } from './support/wallet';

const root = resolve(__dirname, '..');
const SHUTDOWN_TIMEOUT_MS = 8000;
/** A request sent this long after the signal must not be served: the API has handled the signal by then. */
const SIGNAL_GRACE_MS = 150;

interface LoadStats {
  readonly statuses: Map<number, number>;
  readonly errors5xx: unknown[];
  servedAfterSignal: number;
  shuttingDown: number;
  withCloseAndRetryAfter: number;
  signalAt: number | undefined;
}

/**
 * Ctrl-C in a terminal: the terminal signals the whole foreground process
 * group. The embedded PostgreSQL runs in a group of its own, so only the API
 * gets the SIGINT; it refuses new requests (503 SHUTTING_DOWN, Connection:
 * close, Retry-After), lets the admitted ones and their order batches finish,
 * stops the bots and jobs, closes the pool, then stops PostgreSQL, and exits
 * 0: under steady order load, no client sees a 500.
 */
describe('shutdown under load: Ctrl-C reaches the API only (e2e, real process, embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-shutdown-'));
  let build: string;
  let app: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    build = buildApp('shutdown');
  });
  afterAll(() => {
    if (app?.exitCode === null) process.kill(-app.pid!, 'SIGKILL');
    const pid = postmasterPid();
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  function postmasterPid(): number | undefined {
    try {
      return Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  }

  it('exits 0 within SHUTDOWN_TIMEOUT_MS, answers no 500, refuses what comes after the signal, stops PostgreSQL last', async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    // detached: a process group of its own, as a shell gives a foreground job.
    app = spawn(process.execPath, [join(build, 'apps/api/src/main.js')], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), LOG_FORMAT: 'json' },
    });
    app.stdout!.on('data', (d) => (output += String(d)));
    app.stderr!.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | string>((done) => app!.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
    await waitFor(async () => ((await fetch(`${url}/api/health/ready`).catch(() => undefined))?.ok ? true : undefined), 90_000);

    const postmaster = postmasterPid()!;
    expect(processGroupOf(postmaster)).not.toBe(processGroupOf(app.pid!));

    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const registered = await post(url, '/api/v1/auth/register', { email: `shutdown-${i}-${Date.now()}@example.com`, password: 'correct horse battery staple', name: 'Load' });
      await post(url, '/api/v1/wallet/deposits', { asset: 'USDT', amount: '100000' }, registered.accessToken as string);
      tokens.push(registered.accessToken as string);
    }
    const mark = await waitFor(async () => {
      const response = await fetch(`${url}/api/v1/markets/BTC-USDT/mark-price`);
      return response.ok ? ((await response.json()) as { mark: string }).mark : undefined;
    }, 30_000);
    // 1% under the mark: IOC buys that find no ask and expire, a durable write each, nothing left resting.
    const price = `${Math.floor(Number(mark) * 0.99)}.0`;

    const stats: LoadStats = { statuses: new Map(), errors5xx: [], servedAfterSignal: 0, shuttingDown: 0, withCloseAndRetryAfter: 0, signalAt: undefined };
    let stopping = false;
    const loops = tokens.map(async (token) => {
      while (!stopping) {
        const sentAt = Date.now();
        const afterSignal = stats.signalAt !== undefined && sentAt > stats.signalAt + SIGNAL_GRACE_MS;
        const response = await fetch(`${url}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.00100', price }),
        }).catch(() => undefined);
        if (!response) {
          // Refused once the API closed its socket: only after the signal.
          if (stats.signalAt === undefined) throw new Error('connection failed before the signal');
          await sleep(20);
          continue;
        }
        const body = (await response.json().catch(() => undefined)) as { code?: string } | undefined;
        stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 && response.status !== 503) stats.errors5xx.push(body);
        if (response.status === 503 && body?.code === 'SHUTTING_DOWN') {
          stats.shuttingDown += 1;
          if (response.headers.get('connection') === 'close' && response.headers.get('retry-after') === '1') stats.withCloseAndRetryAfter += 1;
        } else if (afterSignal) {
          stats.servedAfterSignal += 1;
        }
      }
    });
    await sleep(3000);
    expect(stats.statuses.get(201) ?? 0).toBeGreaterThan(0);

    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    stats.signalAt = Date.now();
    process.kill(-app.pid!, 'SIGINT');
    const code = await exited;
    const shutdownMs = Date.now() - stats.signalAt;
    stopping = true;
    await Promise.all(loops);

    expect({ code, output: code === 0 ? '' : output.slice(-4000) }).toEqual({ code: 0, output: '' });
    expect(shutdownMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(stats.errors5xx).toEqual([]);
    expect(stats.servedAfterSignal).toBe(0);
    expect(stats.shuttingDown).toBeGreaterThan(0);
    expect(stats.withCloseAndRetryAfter).toBe(stats.shuttingDown);
    // PostgreSQL was stopped by the API, after its pool closed: its shutdown came from the API's stop, once.
    expect(alive(postmaster)).toBe(false);
    expect(output).toContain('"msg":"stopped cleanly"');
  }, 180_000);
});

async function post(url: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The process group of a pid (field 5 of /proc/<pid>/stat; the name in field 2 may hold spaces). */
function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

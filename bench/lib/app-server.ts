import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { ProbeStats, RelayBatch } from './server-probe';

/**
 * The real API as a child process for HTTP scenarios: compiled with swc into
 * node_modules/.cache/bench-app (never touches dist/), on a FRESH database created on the
 * machine's PostgreSQL for this run and dropped at the end, listening on 127.0.0.1 only, with
 * bench/lib/server-probe.js preloaded (event-loop delay, CPU, query counts, CPU profiles over IPC).
 */

/** The machine's PostgreSQL (ENVIRONMENT.md); the bench creates and drops its own database in it. */
// eslint-disable-next-line no-restricted-properties -- bench-only override, read once here
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** A fixed, bench-only HMAC key (the server runs on 127.0.0.1 and lives for one run). */
const BENCH_JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef-not-for-production';

/**
 * The repository the bench was started from: npm runs scripts in the package's folder, which is
 * also where the bench's own swc build took its sources (a worktree whose node_modules is a link
 * to another checkout's compiles and runs its own sources, not the other's). Else the first
 * folder above this file with a package.json and a bench/ folder.
 */
export function repoRoot(): string {
  const cwd = process.cwd();
  if (existsSync(join(cwd, 'package.json')) && existsSync(join(cwd, 'bench'))) return cwd;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bench'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export interface AppServerOptions {
  readonly log: (message: string) => void;
  /** DATABASE_POOL_SIZE. */
  readonly poolSize: number;
  /** More environment for the server (feature switches). */
  readonly env?: Readonly<Record<string, string>>;
  /** Run on this existing database (another server's, stopped) instead of creating one; dropDatabase() then leaves it. */
  readonly databaseName?: string;
}

export interface AppServer {
  readonly url: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly databaseName: string;
  readonly pid: number;
  probe(cmd: 'reset' | 'trace-start' | 'profile-start' | 'relay-start'): Promise<true>;
  probe(cmd: 'relay-stop'): Promise<RelayBatch[]>;
  probe(cmd: 'stats'): Promise<ProbeStats>;
  probe(cmd: 'trace-stop'): Promise<string[]>;
  probe(cmd: 'profile-stop', file: string): Promise<true>;
  /** The last lines the server wrote (stdout and stderr), for diagnostics. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s). The database stays until dropDatabase(). */
  stop(): Promise<void>;
  /** Drops the run's database (the server must be stopped); a no-op for a database it did not create. */
  dropDatabase(): Promise<void>;
}

let compiled: string | null = null;

/** swc, the same compiler as `npm run build`, into a private folder; about a second. Returns the folder. */
export function compileApp(log: (m: string) => void): string {
  if (compiled !== null) return compiled;
  const root = repoRoot();
  // BENCH_APP_DIR: a worktree whose node_modules links to another checkout's builds into its own folder.
  // eslint-disable-next-line no-restricted-properties -- bench-only override, read once here
  const out = process.env.BENCH_APP_DIR ?? join(root, 'node_modules', '.cache', 'bench-app');
  log(`compiling the app with swc into ${out}`);
  execFileSync(join(root, 'node_modules', '.bin', 'swc'), ['apps', 'libs', '-d', out, '--ignore', '**/*.spec.ts,**/testing/**', '-q'], { cwd: root, stdio: 'inherit' });
  compiled = out;
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A copy of a database (CREATE DATABASE ... TEMPLATE: nothing may be connected to the source), so a
 * scenario can write to one without changing what the app finds in the other.
 */
export async function copyDatabase(source: string, log: (message: string) => void): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${source}_copy`;
  // FILE_COPY (PostgreSQL 15+): a checkpoint now instead of WAL for every copied page, which a later phase would pay for.
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${source} STRATEGY = FILE_COPY`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  log(`database ${name} created (a copy of ${source})`);
  return {
    url: url.toString(),
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => log(`database ${name} dropped`),
        (error: unknown) => log(`could not drop ${name}: ${(error as Error).message}`),
      ),
  };
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const root = repoRoot();
  const build = compileApp(options.log);
  const probeFile = join(__dirname, 'server-probe.js');
  const owned = options.databaseName === undefined;
  const databaseName = options.databaseName ?? `exchange_bench_${Date.now()}`;
  if (owned) {
    await admin((c) => c.query(`CREATE DATABASE ${databaseName}`));
    options.log(`database ${databaseName} created`);
  }
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${databaseName}`;

  const dropDatabase = async (): Promise<void> => {
    if (!owned) return;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`)).then(
      () => options.log(`database ${databaseName} dropped`),
      (error: unknown) => options.log(`could not drop ${databaseName}: ${(error as Error).message}`),
    );
  };

  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      tail.push(chunk.toString('utf8'));
      if (tail.length > 200) tail.splice(0, tail.length - 200);
    };
    child = spawn(process.execPath, ['--require', probeFile, join(build, 'apps/api/src/main.js')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: join(build, '.data'),
        DATABASE_URL: databaseUrl.toString(),
        DATABASE_POOL_SIZE: String(options.poolSize),
        JWT_SECRET: BENCH_JWT_SECRET,
        JWT_ACCESS_TTL_SECONDS: '7200',
        LOG_LEVEL: 'warn',
        MARKET_MAKER: 'false',
        NOISE_TRADER: 'false',
        // Every bench socket comes from 127.0.0.1 (the fan-out opens 4,000 of them).
        WS_MAX_SOCKETS_PER_IP: '100000',
        // Hundreds of users on one IP, up to thousands of orders/s: budgets no scenario reaches, so the
        // rate-limit guard (and its cost) stays in the figures without refusing anything.
        RATE_LIMIT_ORDERS: '1000000/1s',
        RATE_LIMIT_READS: '1000000/1s',
        RATE_LIMIT_WRITES: '1000000/1s',
        RATE_LIMIT_AUTH: '1000000/1s',
        RATE_LIMIT_REGISTER: '1000000/1s',
        RATE_LIMIT_PUBLIC: '1000000/1s',
        ...options.env,
      },
    });
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const running = child;
    let exited: string | null = null;
    running.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

    let nextId = 1;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    running.on('message', (raw: unknown) => {
      const message = raw as { id: number; result?: unknown; error?: string };
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (exited !== null) throw new Error(`the app ${exited} during boot:\n${tail.join('').slice(-4000)}`);
      const ok = await fetch(`${url}/api/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the app was not ready within 90 s:\n${tail.join('').slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    options.log(`app ready at ${url} (pid ${running.pid}, pool ${options.poolSize})`);

    const probe = (cmd: string, file?: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (exited !== null) return reject(new Error(`the app ${exited}`));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        running.send({ id, cmd, file });
      });

    return {
      url,
      port,
      databaseUrl: databaseUrl.toString(),
      databaseName,
      pid: running.pid!,
      probe: probe as AppServer['probe'],
      output: () => tail.join('').slice(-4000),
      stop: async () => {
        if (exited !== null) return;
        const gone = new Promise<void>((r) => running.once('exit', () => r()));
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      },
      dropDatabase,
    };
  } catch (error) {
    child?.kill('SIGKILL');
    await dropDatabase();
    throw error;
  }
}

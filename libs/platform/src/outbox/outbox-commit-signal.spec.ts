import { DataSource, EntityManager, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OutboxCommitSignal } from './outbox-commit-signal';

describe('OutboxCommitSignal', () => {
  const dataSource = { subscribers: [] as unknown[] } as unknown as DataSource;
  let signal: OutboxCommitSignal;
  let wakes: number;

  beforeEach(() => {
    signal = new OutboxCommitSignal(dataSource);
    signal.onModuleInit();
    wakes = 0;
    signal.onCommit(() => void (wakes += 1));
  });
  afterEach(() => signal.onModuleDestroy());

  const runner = (): QueryRunner => ({ isTransactionActive: true }) as QueryRunner;
  const managerOf = (queryRunner: QueryRunner): EntityManager => ({ queryRunner }) as unknown as EntityManager;
  const commit = (queryRunner: QueryRunner, outermost: boolean): void => {
    (queryRunner as { isTransactionActive: boolean }).isTransactionActive = !outermost;
    signal.afterTransactionCommit({ queryRunner } as TransactionCommitEvent);
  };

  it('registers itself as a TypeORM subscriber once, and leaves on destroy', () => {
    signal.onModuleInit();
    expect(dataSource.subscribers.filter((s) => s === signal)).toHaveLength(1);
    signal.onModuleDestroy();
    expect(dataSource.subscribers).not.toContain(signal);
  });

  it('wakes after the outermost commit of a transaction that appended, once', () => {
    const tx = runner();
    signal.notifyAfterCommit(managerOf(tx));
    signal.notifyAfterCommit(managerOf(tx));
    expect(wakes).toBe(0);
    commit(tx, false); // a savepoint released: still in the transaction
    expect(wakes).toBe(0);
    commit(tx, true);
    expect(wakes).toBe(1);
    commit(tx, true);
    expect(wakes).toBe(1);
  });

  it('does not wake for other transactions, nor after a rollback', () => {
    const appended = runner();
    signal.notifyAfterCommit(managerOf(appended));
    commit(runner(), true);
    (appended as { isTransactionActive: boolean }).isTransactionActive = false;
    signal.afterTransactionRollback({ queryRunner: appended } as TransactionRollbackEvent);
    commit(appended, true);
    expect(wakes).toBe(0);
  });

  it('wakes at once when there is no transaction to wait for', () => {
    signal.notifyAfterCommit({ queryRunner: undefined } as unknown as EntityManager);
    expect(wakes).toBe(1);
  });
});

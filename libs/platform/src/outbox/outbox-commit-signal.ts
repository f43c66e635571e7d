import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * The cheap in-process hint that wakes the relay: OutboxWriter marks the
 * transaction that appended events, and when that transaction commits (the
 * outermost COMMIT, not a savepoint release) the listeners run. Rolled-back
 * transactions wake nobody. It is only a hint: the relay also polls, and the
 * relay that holds the lock may be in another process.
 *
 * It listens through a TypeORM subscriber added to the DataSource at init.
 */
@Injectable()
export class OutboxCommitSignal implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  private readonly pending = new WeakSet<QueryRunner>();
  private readonly listeners = new Set<() => void>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  onModuleDestroy(): void {
    const index = this.dataSource.subscribers.indexOf(this);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }

  /** Call inside the transaction (its EntityManager): the listeners run once it commits. */
  notifyAfterCommit(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.pending.add(runner);
    else this.emit();
  }

  /** Returns the function that removes the listener. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (!runner.isTransactionActive && this.pending.delete(runner)) this.emit();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (!runner.isTransactionActive) this.pending.delete(runner);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { ListOpenOrderHoldsQuery } from '@lib/orders';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { GetPositionTotalsQuery } from '@lib/positions';
import { GetReconcileBalancesQuery, ReconcileLedgerQuery } from '@lib/wallet';
import type { SnapshotReads } from './reconciliation-status';

/**
 * The reads of one reconciliation run, in ONE snapshot: a READ ONLY,
 * REPEATABLE READ transaction whose queries (the wallet's, the orders', the
 * positions') run one after the other on its connection, through the
 * QueryBus (their handlers join the ambient transaction). Every command that
 * moves money commits its order rows, holds, positions and postings in one
 * transaction, so a snapshot sees each of them whole or not at all: a trade
 * in flight can never show as a mismatch. Read only: it takes no row lock and
 * never blocks a writer (nor is it blocked by one).
 */
@Injectable()
export class ReconciliationSnapshot {
  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly queries: QueryBus,
  ) {}

  read(): Promise<SnapshotReads> {
    // A context of its own (a timer has none; a request's must not lend this transaction to anything else).
    return this.cls.run({ ifNested: 'override' }, () =>
      this.tx.withTransaction({ isolationLevel: 'REPEATABLE READ' }, async () => {
        // Before any read: the snapshot is taken at the transaction's first query.
        await this.tx.tx.query('SET TRANSACTION READ ONLY');
        const ledger = await this.queries.execute(new ReconcileLedgerQuery());
        const balances = await this.queries.execute(new GetReconcileBalancesQuery());
        const holds = await this.queries.execute(new ListOpenOrderHoldsQuery());
        const positions = await this.queries.execute(new GetPositionTotalsQuery());
        return { ledger, balances, holds, positions };
      }),
    );
  }
}

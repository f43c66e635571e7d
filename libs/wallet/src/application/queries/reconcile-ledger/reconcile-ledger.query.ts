import { Query } from '@nestjs/cqrs';
import { ReconcileReport } from '../../views';

/** Checks the ledger's invariants over the whole database. */
export class ReconcileLedgerQuery extends Query<ReconcileReport> {}

import { Command } from '@nestjs/cqrs';
import type { NewIntegrationEvent } from '@lib/platform';
import { WalletError } from '../../domain';
import { LedgerIntent } from './ledger-intents';

/**
 * How the wallet takes the account locks of the intents. `optimistic`: lock
 * and write in one statement, the no-overdraft rule left to the accounts'
 * constraints (for callers that checked the funds beforehand); an overdraft
 * throws OptimisticPostingRefused and aborts the caller's transaction.
 * `locking`: lock first, then check entry by entry, and name the intent that
 * would overdraw.
 */
export type IntentLocking = 'optimistic' | 'locking';

export type IntentsOutcome =
  /** Posted; the caller appends `events` (the BalanceChanged) to its outbox in the same transaction. */
  | { readonly kind: 'applied'; readonly events: readonly NewIntegrationEvent[] }
  /** Intent `index` would overdraw an account: nothing was posted. */
  | { readonly kind: 'refused'; readonly index: number; readonly error: WalletError };

/**
 * For other contexts: ledger intents applied together in the caller's
 * transaction (it must have one), with ONE round of account locks in id
 * order, so two callers' batches never deadlock. All or nothing. Each intent
 * is one ledger transaction with its own reference; one posted before is a
 * bug of the caller (an exactly-once settlement applied twice) and throws.
 */
export class ApplyLedgerIntentsCommand extends Command<IntentsOutcome> {
  constructor(
    readonly intents: readonly LedgerIntent[],
    readonly locking: IntentLocking,
  ) {
    super();
  }
}

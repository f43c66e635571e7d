import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { NewIntegrationEvent, OutboxWriter } from '@lib/platform';
import { LedgerTransaction, UserAccountKind, accountKey } from '../domain';
import { AssetCatalog, LedgerRepository } from './ports';
import { insufficientBalance } from './insufficient-balance';
import { BALANCE_CHANGED, balanceChangedEvent } from './balance-changed.event';
import { LedgerPostingResult, LedgerRefusal } from './views';

/**
 * Every balance change goes through here, inside the caller's transaction:
 * post the ledger transactions (one round of account locks), then write one
 * BalanceChanged event per touched user account to the outbox in the same
 * transaction.
 */
@Injectable()
export class LedgerPoster {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly assets: AssetCatalog,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async post(transaction: LedgerTransaction): Promise<LedgerPostingResult> {
    const [result] = await this.postMany([transaction]);
    return result!;
  }

  /** All or nothing: INSUFFICIENT_BALANCE (nothing written) when any of them would overdraw an account. */
  async postMany(transactions: readonly LedgerTransaction[]): Promise<LedgerPostingResult[]> {
    const { results, events } = await this.postManyDeferringEvents(transactions);
    if (events.length > 0) await this.outbox.append(events);
    return results;
  }

  /**
   * As postMany, but the BalanceChanged events are returned for the caller to
   * append in the same transaction with its own (one outbox insert for all).
   * With `reportRefusal`, INSUFFICIENT_BALANCE is returned with the index of
   * the transaction that would overdraw (nothing written) instead of thrown:
   * a caller posting for several requests at once can refuse that one alone.
   * `optimistic`: see LedgerRepository.postMany (one statement; an overdraft
   * throws OptimisticPostingRefused and aborts the transaction).
   */
  async postManyDeferringEvents(
    transactions: readonly LedgerTransaction[],
    { reportRefusal = false, optimistic = false }: { reportRefusal?: boolean; optimistic?: boolean } = {},
  ): Promise<{ results: LedgerPostingResult[]; events: NewIntegrationEvent[]; refused?: LedgerRefusal }> {
    if (transactions.length === 0) return { results: [], events: [] };
    const outcome = await this.ledger.postMany(transactions, this.clock.now(), { optimistic });
    if (outcome.kind === 'insufficient') {
      const asset = await this.assets.get(outcome.account.asset);
      const error = insufficientBalance(asset, outcome.available, outcome.needed);
      if (reportRefusal) return { results: [], events: [], refused: { index: outcome.index, error } };
      throw error;
    }
    // The entry type and transaction of the last new transaction that touched each account.
    const lastTouch = new Map<string, { type: string; transactionId: string }>();
    transactions.forEach((t, i) => {
      const result = outcome.results[i]!;
      if (result.duplicate) return;
      for (const key of t.deltas().keys()) lastTouch.set(key, { type: t.type, transactionId: result.transactionId });
    });
    const events: NewIntegrationEvent<typeof BALANCE_CHANGED>[] = [];
    for (const balance of outcome.balances) {
      if (balance.account.owner !== 'user') continue;
      const asset = await this.assets.get(balance.account.asset);
      const touch = lastTouch.get(accountKey(balance.account))!;
      events.push(
        balanceChangedEvent({
          userId: balance.account.userId,
          account: balance.account.kind as UserAccountKind,
          asset,
          available: balance.available,
          locked: balance.locked,
          transactionId: touch.transactionId,
          entryType: touch.type,
        }),
      );
    }
    return { results: outcome.results.map((r) => ({ transactionId: r.transactionId, duplicate: r.duplicate })), events };
  }
}

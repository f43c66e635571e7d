import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { OutboxWriter } from '@lib/platform';
import { LedgerTransaction, UserAccountKind, WalletError, WalletErrorCode } from '../domain';
import { AssetCatalog, LedgerRepository } from './ports';
import { decimal } from './amounts';
import { BALANCE_CHANGED, BalanceChangedPayload } from './balance-changed.event';
import { LedgerPostingResult } from './views';

/**
 * Every balance change goes through here, inside the caller's transaction:
 * post the ledger transaction, then write one BalanceChanged event per user
 * account to the outbox in the same transaction.
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
    const outcome = await this.ledger.post(transaction, this.clock.now());
    if (outcome.kind === 'duplicate') return { transactionId: outcome.transactionId, duplicate: true };
    if (outcome.kind === 'insufficient') {
      const asset = await this.assets.get(outcome.account.asset);
      throw new WalletError(WalletErrorCode.INSUFFICIENT_BALANCE, `Insufficient ${asset.code} balance`, {
        asset: asset.code,
        available: decimal(asset, outcome.available),
        required: decimal(asset, outcome.needed),
      });
    }
    const events: { type: string; payload: BalanceChangedPayload }[] = [];
    for (const balance of outcome.balances) {
      if (balance.account.owner !== 'user') continue;
      const asset = await this.assets.get(balance.account.asset);
      events.push({
        type: BALANCE_CHANGED,
        payload: {
          userId: balance.account.userId,
          account: balance.account.kind as UserAccountKind,
          asset: asset.code,
          available: decimal(asset, balance.available),
          locked: decimal(asset, balance.locked),
          total: decimal(asset, balance.available + balance.locked),
          transactionId: outcome.transactionId,
          entryType: transaction.type,
        },
      });
    }
    if (events.length > 0) await this.outbox.append(events);
    return { transactionId: outcome.transactionId, duplicate: false };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Entries, UserAccountKind, WalletError, WalletErrorCode, userAccount } from '../../../domain';
import { decimal, positiveAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog, LedgerRepository } from '../../ports';
import { DepositView } from '../../views';
import { DepositCommand } from './deposit.command';

@CommandHandler(DepositCommand)
export class DepositHandler implements ICommandHandler<DepositCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly ledger: LedgerRepository,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(command: DepositCommand): Promise<DepositView> {
    const asset = await this.assets.get(command.asset);
    const amount = positiveAmount(asset, command.amount);
    return this.tx.withTransaction(async () => {
      const account = userAccount(command.userId, UserAccountKind.SPOT, asset.code);
      // The account row lock serialises this user's deposits of this asset, so the cap holds under concurrency.
      await this.ledger.lock(account);
      const now = this.clock.now();
      const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
      const deposited = await this.ledger.depositedSince(command.userId, asset.code, dayStart);
      if (deposited + amount > asset.faucetDailyLimit) {
        throw new WalletError(WalletErrorCode.DEPOSIT_LIMIT_EXCEEDED, `The faucet gives at most ${decimal(asset, asset.faucetDailyLimit)} ${asset.code} per day`, {
          asset: asset.code,
          dailyLimit: decimal(asset, asset.faucetDailyLimit),
          remaining: decimal(asset, asset.faucetDailyLimit - deposited),
        });
      }
      const posted = await this.poster.post(Entries.deposit(command.userId, asset.code, amount, `deposit:${newId()}`));
      const balance = await this.ledger.lock(account);
      return {
        transactionId: posted.transactionId,
        asset: asset.code,
        amount: decimal(asset, amount),
        balance: {
          asset: asset.code,
          available: decimal(asset, balance.available),
          locked: decimal(asset, balance.locked),
          total: decimal(asset, balance.available + balance.locked),
        },
      };
    });
  }
}

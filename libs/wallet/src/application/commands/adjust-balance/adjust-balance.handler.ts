import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, TransactionHost } from '@lib/platform';
import { Entries, WalletError, WalletErrorCode } from '../../../domain';
import { decimal, signedAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AccountHolders, AssetCatalog } from '../../ports';
import { AdjustmentView } from '../../views';
import { AdjustBalanceCommand } from './adjust-balance.command';

@CommandHandler(AdjustBalanceCommand)
export class AdjustBalanceHandler implements ICommandHandler<AdjustBalanceCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly holders: AccountHolders,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: AdjustBalanceCommand): Promise<AdjustmentView> {
    const asset = await this.assets.get(command.asset);
    const amount = signedAmount(asset, command.amount);
    const entry = Entries.adjustment(command.userId, command.account, asset.code, amount, `adjustment:${command.reference}`, {
      adminId: command.adminId,
      reason: command.reason,
    });
    const posted = await this.tx.withTransaction(async () => {
      // An unknown user would get accounts created and funds minted out of EXTERNAL. A suspended one is adjusted:
      // an adjustment is the admin's own correction, and a suspension freezes what the user can do, not the admin.
      if (!(await this.holders.states([command.userId], false)).has(command.userId)) {
        throw new WalletError(WalletErrorCode.USER_NOT_FOUND, 'No user has this id', { userId: command.userId });
      }
      const result = await this.poster.post(entry);
      // A repeat of the key posted nothing: it was audited the first time.
      if (!result.duplicate) {
        await this.audit.append({
          actorId: command.adminId,
          action: 'BALANCE_ADJUSTED',
          target: `user:${command.userId}`,
          before: null,
          after: { account: command.account, asset: asset.code, amount: decimal(asset, amount), transactionId: result.transactionId },
          reason: command.reason,
        });
      }
      return result;
    });
    return { transactionId: posted.transactionId, userId: command.userId, asset: asset.code, amount: decimal(asset, amount), reason: command.reason };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, TransactionHost } from '@lib/platform';
import { Bucket, LedgerEntryType, LedgerTransaction, SystemAccountKind, systemAccount } from '../../../domain';
import { decimal, positiveAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { InsuranceTopUpView, TopUpInsuranceFundCommand } from './top-up-insurance-fund.command';

@CommandHandler(TopUpInsuranceFundCommand)
export class TopUpInsuranceFundHandler implements ICommandHandler<TopUpInsuranceFundCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly reads: WalletReadModel,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: TopUpInsuranceFundCommand): Promise<InsuranceTopUpView> {
    const asset = await this.assets.get(command.asset);
    const amount = positiveAmount(asset, command.amount);
    const entry = LedgerTransaction.create({
      type: LedgerEntryType.ADJUSTMENT,
      reference: `insurance-fund:top-up:${command.reference}`,
      postings: [
        { account: systemAccount(SystemAccountKind.EXTERNAL, asset.code), bucket: Bucket.AVAILABLE, amount: -amount },
        { account: systemAccount(SystemAccountKind.INSURANCE_FUND, asset.code), bucket: Bucket.AVAILABLE, amount },
      ],
      metadata: { adminId: command.adminId, reason: command.reason },
    });
    return this.tx.withTransaction(async () => {
      const posted = await this.poster.post(entry);
      const balance = (await this.reads.systemAvailable(SystemAccountKind.INSURANCE_FUND, [asset.code])).get(asset.code) ?? 0n;
      if (!posted.duplicate) {
        await this.audit.append({
          actorId: command.adminId,
          action: 'INSURANCE_FUND_TOPPED_UP',
          target: `insurance-fund:${asset.code}`,
          before: { balance: decimal(asset, balance - amount) },
          after: { balance: decimal(asset, balance), transactionId: posted.transactionId },
          reason: command.reason,
        });
      }
      return { transactionId: posted.transactionId, asset: asset.code, amount: decimal(asset, amount), balance: decimal(asset, balance), reason: command.reason };
    });
  }
}

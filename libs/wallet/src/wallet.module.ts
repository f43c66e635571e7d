import { Module } from '@nestjs/common';
import { AdjustBalanceHandler } from './application/commands/adjust-balance/adjust-balance.handler';
import { CancelWithdrawalHandler } from './application/commands/cancel-withdrawal/cancel-withdrawal.handler';
import { CompleteDueWithdrawalsHandler } from './application/commands/complete-due-withdrawals/complete-due-withdrawals.handler';
import { DepositHandler } from './application/commands/deposit/deposit.handler';
import { HoldWithdrawalsHandler } from './application/commands/hold-withdrawals/hold-withdrawals.handler';
import { ResumeWithdrawalsHandler } from './application/commands/resume-withdrawals/resume-withdrawals.handler';
import { HoldFundsHandler } from './application/commands/hold-funds/hold-funds.handler';
import { PostLedgerTransactionHandler } from './application/commands/post-ledger-transaction/post-ledger-transaction.handler';
import { PostLedgerTransactionsHandler } from './application/commands/post-ledger-transactions/post-ledger-transactions.handler';
import { ApplyLedgerIntentsHandler } from './application/intents';
import { ReleaseFundsHandler } from './application/commands/release-funds/release-funds.handler';
import { RequestWithdrawalHandler } from './application/commands/request-withdrawal/request-withdrawal.handler';
import { TransferHandler } from './application/commands/transfer/transfer.handler';
import { LedgerPoster } from './application/ledger-poster';
import { AccountHolders, AssetCatalog, LedgerRepository, WalletReadModel, WithdrawalRepository } from './application/ports';
import { GetAvailableBalanceHandler } from './application/queries/get-available-balance/get-available-balance.handler';
import { GetAvailableFundsHandler } from './application/queries/get-available-funds/get-available-funds.handler';
import { GetAssetBalanceHandler } from './application/queries/get-asset-balance/get-asset-balance.handler';
import { GetBalancesHandler } from './application/queries/get-balances/get-balances.handler';
import { GetMarginDayResultHandler } from './application/queries/get-margin-day-result/get-margin-day-result.handler';
import { TopUpInsuranceFundHandler } from './application/commands/top-up-insurance-fund/top-up-insurance-fund.handler';
import { GetInsuranceFundHandler, GetInsuranceFundHistoryHandler, GetInsuranceFundReportHandler } from './application/queries/get-insurance-fund/get-insurance-fund.handler';
import { GetLedgerHistoryHandler } from './application/queries/get-ledger-history/get-ledger-history.handler';
import { ListWithdrawalsHandler } from './application/queries/list-withdrawals/list-withdrawals.handler';
import { ReconcileLedgerHandler } from './application/queries/reconcile-ledger/reconcile-ledger.handler';
import { GetReconcileBalancesHandler } from './application/queries/get-reconcile-balances/get-reconcile-balances.handler';
import { AccountStatusSubscriber } from './infrastructure/account-status-subscriber';
import { AuthAccountHolders } from './infrastructure/auth-account-holders';
import { WithdrawalCompletionJob } from './infrastructure/jobs/withdrawal-completion.job';
import { CachedAssetCatalog } from './infrastructure/repositories/cached-asset-catalog';
import { SqlWalletReadModel } from './infrastructure/repositories/sql-wallet-read-model';
import { TypeOrmLedgerRepository } from './infrastructure/repositories/typeorm-ledger.repository';
import { TypeOrmWithdrawalRepository } from './infrastructure/repositories/typeorm-withdrawal.repository';

const handlers = [
  DepositHandler,
  GetInsuranceFundHandler,
  GetInsuranceFundReportHandler,
  TopUpInsuranceFundHandler,
  GetMarginDayResultHandler,
  GetInsuranceFundHistoryHandler,
  TransferHandler,
  RequestWithdrawalHandler,
  CancelWithdrawalHandler,
  CompleteDueWithdrawalsHandler,
  AdjustBalanceHandler,
  HoldWithdrawalsHandler,
  ResumeWithdrawalsHandler,
  HoldFundsHandler,
  ReleaseFundsHandler,
  PostLedgerTransactionHandler,
  PostLedgerTransactionsHandler,
  ApplyLedgerIntentsHandler,
  GetBalancesHandler,
  GetAssetBalanceHandler,
  GetAvailableBalanceHandler,
  GetAvailableFundsHandler,
  ListWithdrawalsHandler,
  GetLedgerHistoryHandler,
  ReconcileLedgerHandler,
  GetReconcileBalancesHandler,
];

/** Assets, accounts, the double-entry ledger, deposits, withdrawals and transfers. */
@Module({
  providers: [
    ...handlers,
    LedgerPoster,
    WithdrawalCompletionJob,
    AccountStatusSubscriber,
    { provide: LedgerRepository, useClass: TypeOrmLedgerRepository },
    { provide: AssetCatalog, useClass: CachedAssetCatalog },
    { provide: WithdrawalRepository, useClass: TypeOrmWithdrawalRepository },
    { provide: WalletReadModel, useClass: SqlWalletReadModel },
    { provide: AccountHolders, useClass: AuthAccountHolders },
  ],
})
export class WalletModule {}

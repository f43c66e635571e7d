// The public face of the wallet context.
export { WalletModule } from './wallet.module';
export { DepositCommand } from './application/commands/deposit/deposit.command';
export { TransferCommand } from './application/commands/transfer/transfer.command';
export { RequestWithdrawalCommand } from './application/commands/request-withdrawal/request-withdrawal.command';
export { CancelWithdrawalCommand } from './application/commands/cancel-withdrawal/cancel-withdrawal.command';
export { CompleteDueWithdrawalsCommand } from './application/commands/complete-due-withdrawals/complete-due-withdrawals.command';
export { AdjustBalanceCommand } from './application/commands/adjust-balance/adjust-balance.command';
export { HoldWithdrawalsCommand } from './application/commands/hold-withdrawals/hold-withdrawals.command';
export { ResumeWithdrawalsCommand } from './application/commands/resume-withdrawals/resume-withdrawals.command';
export { HoldFundsCommand } from './application/commands/hold-funds/hold-funds.command';
export { ReleaseFundsCommand } from './application/commands/release-funds/release-funds.command';
export { PostLedgerTransactionCommand } from './application/commands/post-ledger-transaction/post-ledger-transaction.command';
export { PostLedgerTransactionsCommand, type LedgerEntryInput, type LedgerBatchResult } from './application/commands/post-ledger-transactions/post-ledger-transactions.command';
export {
  ApplyLedgerIntentsCommand,
  entryOf,
  fundsTakenBy,
  type ChangeOrderHold,
  type HoldForOrder,
  type HoldRelease,
  type IntentLocking,
  type IntentsOutcome,
  type LedgerIntent,
  type ReleaseOrderHold,
  type SettleSpotTrades,
  type SpotTradeLegs,
  type SettlePerpTrades,
  type PerpTradeLeg,
  type MoveIsolatedMargin,
  type PayFunding,
} from './application/intents';
export { GetBalancesQuery } from './application/queries/get-balances/get-balances.query';
export { GetAvailableBalanceQuery } from './application/queries/get-available-balance/get-available-balance.query';
export { GetTransferableMarginQuery } from './application/queries/get-transferable-margin/get-transferable-margin.query';
export { GetAvailableFundsQuery } from './application/queries/get-available-funds/get-available-funds.query';
export { AvailableFunds, type FundsRef } from './application/available-funds';
export { OptimisticPostingRefused } from './application/ports/ledger.repository.port';
export { GetAssetBalanceQuery } from './application/queries/get-asset-balance/get-asset-balance.query';
export { ListWithdrawalsQuery } from './application/queries/list-withdrawals/list-withdrawals.query';
export { GetLedgerHistoryQuery } from './application/queries/get-ledger-history/get-ledger-history.query';
export { TopUpInsuranceFundCommand, type InsuranceTopUpView } from './application/commands/top-up-insurance-fund/top-up-insurance-fund.command';
export { GetInsuranceFundQuery, GetInsuranceFundHistoryQuery, GetInsuranceFundReportQuery, type InsuranceFundMovement, type InsuranceFundReport } from './application/queries/get-insurance-fund/get-insurance-fund.query';
export { GetMarginDayResultQuery } from './application/queries/get-margin-day-result/get-margin-day-result.query';
export { ReconcileLedgerQuery } from './application/queries/reconcile-ledger/reconcile-ledger.query';
export { GetReconcileBalancesQuery, type ReconcileBalances, type LockedBalance } from './application/queries/get-reconcile-balances/get-reconcile-balances.query';
export { BALANCE_CHANGED, type BalanceChangedPayload } from './application/balance-changed.event';
export type * from './application/views';
export {
  Bucket,
  LedgerEntryType,
  SystemAccountKind,
  UserAccountKind,
  WalletError,
  WalletErrorCode,
  WithdrawalStatus,
  systemAccount,
  userAccount,
  type AccountRef,
  type Posting,
} from './domain';
export { WALLET_ENTITIES, WALLET_MIGRATIONS } from './infrastructure/schema';

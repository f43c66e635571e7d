import { ApiProperty } from '@nestjs/swagger';
import { LedgerEntryType, UserAccountKind, WithdrawalStatus } from '@lib/wallet';

export class BalanceDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '1000.500000' }) available!: string;
  @ApiProperty({ example: '0.000000' }) locked!: string;
  @ApiProperty({ example: '1000.500000' }) total!: string;
}

export class AccountBalancesDto {
  @ApiProperty({ enum: UserAccountKind, example: UserAccountKind.SPOT }) account!: UserAccountKind;
  @ApiProperty({ type: [BalanceDto] }) balances!: BalanceDto[];
}

export class WalletDto {
  @ApiProperty({ type: [AccountBalancesDto] }) accounts!: AccountBalancesDto[];
}

class BucketTotalsDto {
  @ApiProperty({ example: '0.01500000' }) available!: string;
  @ApiProperty({ example: '0.00000000' }) locked!: string;
  @ApiProperty({ example: '0.01500000' }) total!: string;
}

export class AssetBalanceDto {
  @ApiProperty({ example: 'BTC' }) asset!: string;
  @ApiProperty({ example: 8 }) decimals!: number;
  @ApiProperty({ type: BucketTotalsDto }) spot!: BucketTotalsDto;
  @ApiProperty({ type: BucketTotalsDto }) margin!: BucketTotalsDto;
}

export class DepositResultDto {
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '1000.500000' }) amount!: string;
  @ApiProperty({ type: BalanceDto, description: 'The SPOT balance after the deposit' }) balance!: BalanceDto;
}

export class TransferResultDto {
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '250.000000' }) amount!: string;
  @ApiProperty({ enum: UserAccountKind }) from!: UserAccountKind;
  @ApiProperty({ enum: UserAccountKind }) to!: UserAccountKind;
}

export class WithdrawalResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'BTC' }) asset!: string;
  @ApiProperty({ example: '0.01500000' }) amount!: string;
  @ApiProperty({ example: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh' }) address!: string;
  @ApiProperty({ enum: WithdrawalStatus, example: WithdrawalStatus.PENDING }) status!: WithdrawalStatus;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the simulated chain confirms it' }) completesAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set while the owner is suspended: the chain does not complete it; on reactivation it resumes with the delay it had left',
  })
  heldAt!: string | null;
}

export class WithdrawalPageDto {
  @ApiProperty({ type: [WithdrawalResultDto] }) items!: WithdrawalResultDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class HistoryEntryDto {
  @ApiProperty({ example: '1042', description: 'Posting id (ordering key)' }) id!: string;
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ enum: LedgerEntryType, example: LedgerEntryType.DEPOSIT }) type!: LedgerEntryType;
  @ApiProperty({ enum: UserAccountKind }) account!: UserAccountKind;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ enum: ['AVAILABLE', 'LOCKED'] }) bucket!: string;
  @ApiProperty({ example: '-12.500000', description: 'Signed: positive credits, negative debits' }) amount!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto] }) items!: HistoryEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AdjustmentResultDto {
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '-12.500000' }) amount!: string;
  @ApiProperty({ example: 'Refund of ticket #4411' }) reason!: string;
}

class AssetSumDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '0.000000', description: 'Must be zero' }) postingsSum!: string;
  @ApiProperty({ example: 1234 }) postings!: number;
  @ApiProperty({ example: true }) balanced!: boolean;
}

class AccountIssueDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ example: 'SPOT' }) kind!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '10.000000' }) available!: string;
  @ApiProperty({ example: '0.000000' }) locked!: string;
}

class MismatchDto extends AccountIssueDto {
  @ApiProperty({ example: '9.000000' }) postedAvailable!: string;
  @ApiProperty({ example: '0.000000' }) postedLocked!: string;
}

export class ReconcileReportDto {
  @ApiProperty({ example: true, description: 'Every asset balanced, no mismatch, no negative balance' }) ok!: boolean;
  @ApiProperty({ type: [AssetSumDto] }) assets!: AssetSumDto[];
  @ApiProperty({ type: [MismatchDto], description: 'Accounts whose balance differs from the sum of their postings (must be empty)' }) mismatchedAccounts!: MismatchDto[];
  @ApiProperty({ type: [AccountIssueDto], description: 'Negative balances, except the available balance of the EXTERNAL and CLEARING system accounts (must be empty)' }) negativeBalances!: AccountIssueDto[];
}

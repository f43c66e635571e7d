import { ApiProperty } from '@nestjs/swagger';
import { ReconcileReportDto } from '../wallet/wallet-responses.dto';

class LockedMismatchDto {
  @ApiProperty({ format: 'uuid', example: '7d3c1a52-6a0e-4c55-9d8e-0b7f4c1d2e3f', description: 'The account\'s owner (the nil UUID for a system account)' }) ownerId!: string;
  @ApiProperty({ example: 'SPOT', description: 'SPOT or MARGIN (a system account\'s kind: its locked balance must be 0)' }) kind!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '105.210001', description: 'The stored locked balance' }) locked!: string;
  @ApiProperty({ example: '105.210000', description: 'orderHolds + pendingWithdrawals + isolatedMargin' }) expected!: string;
  @ApiProperty({ example: '105.210000', description: 'Σ hold of the owner\'s open orders on this account (untriggered, new, partly filled)' }) orderHolds!: string;
  @ApiProperty({ example: '0.000000', description: 'Σ of the owner\'s PENDING withdrawals (SPOT)' }) pendingWithdrawals!: string;
  @ApiProperty({ example: '0.000000', description: 'Σ isolated margin of the owner\'s positions settled in the asset (MARGIN)' }) isolatedMargin!: string;
  @ApiProperty({ type: [String], example: ['BTC-USDT'], description: 'The markets of the open orders holding on this account' }) symbols!: string[];
}

class LockedFundsDto {
  @ApiProperty({ example: 1840, description: 'Accounts compared: those with something locked or something that should be' }) accounts!: number;
  @ApiProperty({ type: [LockedMismatchDto], description: 'Accounts whose locked balance is not what their holds explain (must be empty)' }) mismatches!: LockedMismatchDto[];
}

class OpenInterestDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ example: '12.500', description: 'Σ size of the long positions (base units)' }) long!: string;
  @ApiProperty({ example: '12.500', description: 'Σ |size| of the short positions' }) short!: string;
  @ApiProperty({ example: true, description: 'long = short' }) balanced!: boolean;
}

class ClearingDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '-1520.400000', description: 'The CLEARING account\'s balance (may be negative)' }) clearing!: string;
  @ApiProperty({ example: '-1520.400000', description: 'Σ entry value of the shorts − Σ entry value of the longs, open positions settled in the asset' }) expected!: string;
  @ApiProperty({ example: true, description: 'clearing = expected' }) balanced!: boolean;
}

/** GET /api/v1/admin/reconciliation (docs/operations.md, "Continuous reconciliation"). */
export class ReconciliationStatusDto {
  @ApiProperty({ nullable: true, type: String, example: '2026-12-07T10:00:00.000Z', description: 'When the last check ran' }) checkedAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'Nothing wrong in any section (null before the first check)' }) ok!: boolean | null;
  @ApiProperty({ nullable: true, type: Number, example: 41, description: 'What reading and checking the snapshot took, ms' }) durationMs!: number | null;
  @ApiProperty({ nullable: true, type: ReconcileReportDto, description: 'The ledger: postings per asset, balances against postings, negative balances' }) report!: ReconcileReportDto | null;
  @ApiProperty({ nullable: true, type: LockedFundsDto, description: 'Locked balances against open orders\' holds, pending withdrawals and isolated margins' }) lockedFunds!: LockedFundsDto | null;
  @ApiProperty({ nullable: true, type: [OpenInterestDto], description: 'Per perpetual market with open positions' }) openInterest!: OpenInterestDto[] | null;
  @ApiProperty({ nullable: true, type: [ClearingDto], description: 'Per settlement asset with open positions or a CLEARING account' }) clearing!: ClearingDto[] | null;
  @ApiProperty({
    type: [String],
    example: [],
    description: 'Markets whose trading a finding implicates: a SPOT account\'s asset: the spot markets trading it; MARGIN or CLEARING: the perpetuals settling in it; an unbalanced asset or another system account: every market trading or settling in it; open interest: that perpetual',
  })
  affectedSymbols!: string[];
  @ApiProperty({ type: [String], example: [], description: 'Markets this check halted (RECONCILE_HALT_ON_MISMATCH=true)' }) haltedSymbols!: string[];
}

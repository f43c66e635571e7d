import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LedgerEntryType, UserAccountKind, WithdrawalStatus } from '@lib/wallet';
import { Type } from 'class-transformer';
import { IsWireAmount } from './wire-amount.decorator';
import { IsIn, IsISO8601, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const ASSET = /^[A-Z0-9]{2,12}$/;
const AMOUNT_DOC = 'Decimal string with at most the asset\'s decimals ("0.015"); no exponent, no sign, never rounded';

export class DepositDto {
  @ApiProperty({ example: 'USDT' }) @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset!: string;
  @ApiProperty({ example: '1000.50', description: AMOUNT_DOC }) @IsWireAmount(80) amount!: string;
}

export class WithdrawalDto {
  @ApiProperty({ example: 'BTC' }) @IsString() @Matches(ASSET, { message: 'asset must be an asset code like BTC' }) asset!: string;
  @ApiProperty({ example: '0.015', description: AMOUNT_DOC }) @IsWireAmount(80) amount!: string;
  @ApiProperty({ example: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', description: 'Simulated chain: 8 to 128 of [A-Za-z0-9:_-]' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  address!: string;
}

export class TransferDto {
  @ApiProperty({ example: 'USDT' }) @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset!: string;
  @ApiProperty({ example: '250', description: AMOUNT_DOC }) @IsWireAmount(80) amount!: string;
  @ApiProperty({ enum: UserAccountKind, example: UserAccountKind.SPOT }) @IsIn(Object.values(UserAccountKind)) from!: UserAccountKind;
  @ApiProperty({ enum: UserAccountKind, example: UserAccountKind.MARGIN }) @IsIn(Object.values(UserAccountKind)) to!: UserAccountKind;
}

export class AdjustmentDto {
  @ApiProperty({ format: 'uuid', example: '0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1' }) @IsUUID() userId!: string;
  @ApiProperty({ example: 'USDT' }) @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset!: string;
  @ApiProperty({ example: '-12.5', description: 'Signed decimal string: positive credits, negative debits' }) @IsWireAmount(81) amount!: string;
  @ApiProperty({ example: 'Refund of ticket #4411', maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @ApiPropertyOptional({ enum: UserAccountKind, default: UserAccountKind.SPOT }) @IsOptional() @IsIn(Object.values(UserAccountKind)) account?: UserAccountKind;
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class HistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'USDT' }) @IsOptional() @IsString() @MaxLength(12) asset?: string;
  @ApiPropertyOptional({ enum: LedgerEntryType }) @IsOptional() @IsIn(Object.values(LedgerEntryType)) type?: LedgerEntryType;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Exclusive' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class WithdrawalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WithdrawalStatus }) @IsOptional() @IsIn(Object.values(WithdrawalStatus)) status?: WithdrawalStatus;
}

export class AdminWithdrawalsQueryDto extends WithdrawalsQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The user whose withdrawals to list (a suspended user\'s included)' }) @IsUUID() userId!: string;
}

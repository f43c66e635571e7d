import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsWireAmount } from '../wallet/wire-amount.decorator';

const ASSET = /^[A-Z0-9]{2,12}$/;

export class InsuranceFundQueryDto {
  @ApiPropertyOptional({ example: 'USDT', description: 'One asset (every asset when absent)' }) @IsOptional() @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'history.nextCursor of the previous page', example: '1842' }) @IsOptional() @IsString() @MaxLength(20) cursor?: string;
}

export class InsuranceTopUpDto {
  @ApiProperty({ example: 'USDT' }) @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset!: string;
  @ApiProperty({ example: '25000', description: 'Positive decimal string' }) @IsWireAmount(81) amount!: string;
  @ApiProperty({ example: 'Seed the fund before opening BTC-PERP', maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

class FundBalanceDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '25007.745000' }) balance!: string;
}

class FundMovementDto {
  @ApiProperty({ example: '1842', description: 'Posting id (the cursor)' }) id!: string;
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ example: 'TRADE', description: 'TRADE: a liquidation fee (> 0) or cover (< 0); FUNDING: a funding remainder; ADJUSTMENT: a top-up' }) type!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '7.745000', description: 'Signed: > 0 into the fund' }) amount!: string;
  @ApiProperty({ example: 'trades:912' }) reference!: string;
  @ApiProperty({ example: '2026-12-07T02:00:00.000Z' }) createdAt!: string;
}

class FundHistoryDto {
  @ApiProperty({ type: [FundMovementDto] }) items!: FundMovementDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class InsuranceFundDto {
  @ApiProperty({ type: [FundBalanceDto] }) balances!: FundBalanceDto[];
  @ApiProperty({ type: FundHistoryDto }) history!: FundHistoryDto;
}

export class InsuranceTopUpResultDto {
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '25000.000000' }) amount!: string;
  @ApiProperty({ example: '25007.745000', description: 'The fund after the top-up' }) balance!: string;
  @ApiProperty({ example: 'Seed the fund before opening BTC-PERP' }) reason!: string;
}

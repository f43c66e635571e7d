import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class FundingQueryDto {
  @ApiPropertyOptional({ description: 'history.nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'History items per page' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class FundingHistoryItemDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-06T08:00:00.000Z' }) fundingTime!: string;
  @ApiProperty({ example: '0.00010000', description: 'The interval\'s rate (8 decimals): > 0 longs paid shorts, < 0 shorts paid longs' }) rate!: string;
  @ApiProperty({ example: '50000.00', description: 'The mark price the payments were computed at' }) mark!: string;
  @ApiProperty({ example: '1.000001', description: 'Σ paid by the payers (settlement asset), after the caps' }) paid!: string;
  @ApiProperty({ example: '1.000000', description: 'Σ received' }) received!: string;
  @ApiProperty({ example: '0.000001', description: 'paid - received: to the insurance fund (rounding, never negative)' }) remainder!: string;
  @ApiProperty({ example: 2, description: 'Open positions funded' }) positions!: number;
  @ApiProperty({ format: 'date-time' }) settledAt!: string;
}

export class FundingHistoryPageDto {
  @ApiProperty({ type: [FundingHistoryItemDto], description: 'Newest first' }) items!: FundingHistoryItemDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor!: string | null;
}

export class FundingDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ example: 'USDT', description: 'The asset payments are made in' }) asset!: string;
  @ApiProperty({ example: '0.00010000', description: 'The rate the running interval\'s premium samples give so far (8 decimals)' }) predictedRate!: string;
  @ApiProperty({ example: '0.00010000', description: 'The rate of the last settled funding time ("0.00000000" before the first)' }) lastRate!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-12-06T08:00:00.000Z' }) lastFundingTime!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-06T16:00:00.000Z' }) nextFundingTime!: string;
  @ApiProperty({ example: 28_800_000, description: 'FUNDING_INTERVAL in milliseconds (default 8 h: 00:00, 08:00, 16:00 UTC)' }) intervalMs!: number;
  @ApiProperty({ type: FundingHistoryPageDto }) history!: FundingHistoryPageDto;
}

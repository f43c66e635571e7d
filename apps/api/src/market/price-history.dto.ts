import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CandleInterval, HISTORY_ORIGINS, MAX_HISTORY_CANDLES, MAX_IMPORT_ROWS } from '@lib/market';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { TIME } from './market-requests.dto';

/** The most candles one answer of GET /markets/:symbol/history carries (the range itself may span MAX_HISTORY_CANDLES). */
export const HISTORY_PAGE_MAX = 1000;

export class PriceHistoryQueryDto {
  @ApiPropertyOptional({ enum: CandleInterval, default: CandleInterval.H1 }) @IsOptional() @IsIn(Object.values(CandleInterval)) interval?: CandleInterval;

  @ApiPropertyOptional({ example: '2025-11-21T00:00:00Z', description: 'Earliest candle open time (inclusive): ISO-8601 or epoch milliseconds. Default: `limit` candles before `to`' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'from must be an ISO-8601 time or epoch milliseconds' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-11-28T00:00:00Z', description: 'Latest candle open time (inclusive): ISO-8601 or epoch milliseconds. Default: now' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'to must be an ISO-8601 time or epoch milliseconds' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: HISTORY_PAGE_MAX, default: 500, description: 'The newest candles of the range are returned, oldest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_PAGE_MAX)
  limit?: number;
}

export class CandleImportQueryDto {
  @ApiPropertyOptional({ enum: CandleInterval, default: CandleInterval.M1, description: 'The interval of every row of the file' })
  @IsOptional()
  @IsIn(Object.values(CandleInterval))
  interval?: CandleInterval;
}

class HistoryCandleDto {
  @ApiProperty({ format: 'date-time', example: '2025-11-21T10:00:00.000Z' }) openTime!: string;
  @ApiProperty({ format: 'date-time', example: '2025-11-21T10:59:59.999Z' }) closeTime!: string;
  @ApiProperty({ example: '94987.3' }) open!: string;
  @ApiProperty({ example: '95120.0' }) high!: string;
  @ApiProperty({ example: '94901.6' }) low!: string;
  @ApiProperty({ example: '95044.9' }) close!: string;
  @ApiProperty({
    enum: HISTORY_ORIGINS,
    enumName: 'HistoryOrigin',
    example: 'SYNTHETIC',
    description: 'IMPORTED: an admin\'s file; LIVE: the feed\'s mark candles; SYNTHETIC: the seeded random walk before the market\'s history start (not market data)',
  })
  origin!: string;
}

export class PriceHistoryDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: CandleInterval, example: CandleInterval.H1 }) interval!: CandleInterval;
  @ApiProperty({ type: [HistoryCandleDto], description: 'Oldest first; the last one may still be moving' }) candles!: HistoryCandleDto[];
  @ApiPropertyOptional({
    example: 'Candles with origin SYNTHETIC are a seeded random walk (HISTORY_SEED), not market data: see docs/analytics.md.',
    description: 'Present when any candle is SYNTHETIC',
  })
  note?: string;
}

export class CandleImportDto {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: CandleInterval, example: CandleInterval.M1 }) interval!: string;
  @ApiProperty({ example: 1440, description: `Candles written (at most ${MAX_IMPORT_ROWS} a file)` }) candles!: number;
  @ApiProperty({ example: 60, description: 'Of those, how many replaced candles imported before (a re-import replaces its buckets)' }) replaced!: number;
  @ApiProperty({ format: 'date-time', example: '2025-11-20T00:00:00.000Z', description: 'The earliest open time of the file' }) from!: string;
  @ApiProperty({ format: 'date-time', example: '2025-11-20T23:59:00.000Z', description: 'The latest open time of the file' }) to!: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'SHA-256 of the file as received (hex), kept in the audit log' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) importedAt!: string;
}

/** The Swagger body of the import: a CSV text. */
export const CANDLE_CSV_EXAMPLE = 'openTime,open,high,low,close,volume\n2025-11-20T00:00:00Z,94010.5,94022.0,94001.0,94020.0,3.2\n1763596860000,94020.0,94030.5,94015.0,94028.5,';

export const HISTORY_RANGE_DOC = `At most ${MAX_HISTORY_CANDLES} candles of the interval in [from, to] (else 400 HISTORY_RANGE_TOO_LARGE)`;

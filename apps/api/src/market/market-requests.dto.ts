import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CandleInterval, InstrumentKind, MarketStatus, PriceType } from '@lib/market';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  IsBoolean,
  Length,
} from 'class-validator';

const ASSET = /^[A-Z0-9]{2,12}$/;
const SYMBOL = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;
/** ISO-8601 (with a date) or epoch milliseconds. */
export const TIME = /^(\d{1,15}|\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/;
const DECIMAL_DOC = 'Decimal string ("0.01"); no exponent, never rounded';
const RATE_DOC = 'Rate as a decimal string, at most 6 decimals ("0.001" = 0.1 %)';

export class MarginTierDto {
  @ApiProperty({ example: '50000', nullable: true, type: String, description: 'Upper notional bound (quote asset) of the tier; null on the last tier only' })
  @ValidateIf((_o, value) => value !== null)
  @IsString()
  @MaxLength(80)
  maxNotional!: string | null;

  @ApiProperty({ example: '0.004', description: `Maintenance margin rate. ${RATE_DOC}` }) @IsString() @IsNotEmpty() @MaxLength(20) rate!: string;
}

export class CreateMarketDto {
  @ApiProperty({ example: 'DOGE-USDT', description: 'BASE-QUOTE for spot, BASE-PERP for a perpetual' })
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' })
  symbol!: string;

  @ApiPropertyOptional({ example: 'Dogecoin / Tether', maxLength: 64 }) @IsOptional() @IsString() @MaxLength(64) name?: string;
  @ApiProperty({ enum: InstrumentKind, example: InstrumentKind.SPOT }) @IsIn(Object.values(InstrumentKind)) kind!: InstrumentKind;
  @ApiProperty({ example: 'SOL', description: 'A wallet asset' }) @IsString() @Matches(ASSET, { message: 'baseAsset must be an asset code like BTC' }) baseAsset!: string;
  @ApiProperty({ example: 'USDT', description: 'A wallet asset (the margin asset of a perpetual)' })
  @IsString()
  @Matches(ASSET, { message: 'quoteAsset must be an asset code like USDT' })
  quoteAsset!: string;

  @ApiProperty({ example: '0.0001', description: `Price increment; its decimals are the price scale (at most the quote asset's). ${DECIMAL_DOC}` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  tickSize!: string;

  @ApiProperty({ example: '1', description: `Quantity increment; its decimals are the quantity scale (at most the base asset's). ${DECIMAL_DOC}` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  stepSize!: string;

  @ApiProperty({ example: '10', description: `A multiple of stepSize. ${DECIMAL_DOC}` }) @IsString() @IsNotEmpty() @MaxLength(40) minQuantity!: string;
  @ApiProperty({ example: '5', description: `In the quote asset. ${DECIMAL_DOC}` }) @IsString() @IsNotEmpty() @MaxLength(80) minNotional!: string;
  @ApiProperty({ example: '0.001', description: `${RATE_DOC}; at most 0.1` }) @IsString() @IsNotEmpty() @MaxLength(20) makerFeeRate!: string;
  @ApiProperty({ example: '0.001', description: `${RATE_DOC}; at most 0.1` }) @IsString() @IsNotEmpty() @MaxLength(20) takerFeeRate!: string;
  @ApiProperty({ example: 1, minimum: 1, maximum: 200, description: '1 for spot' }) @IsInt() @Min(1) @Max(200) maxLeverage!: number;
  @ApiProperty({ example: '0.05', description: `How far a limit price may be from the mark price. ${RATE_DOC}; at most 0.5` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  priceBandRate!: string;

  @ApiProperty({ type: [MarginTierDto], description: 'Ascending by maxNotional; empty for spot', example: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MarginTierDto)
  maintenanceMarginTiers!: MarginTierDto[];

  @ApiProperty({ example: '0.1500', description: `Where the simulated feed starts: a multiple of tickSize. ${DECIMAL_DOC}` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  initialPrice!: string;

  @ApiProperty({ example: '0.9', description: `Annualised volatility of the simulated feed. ${RATE_DOC}; at most 10` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  volatility!: string;

  @ApiPropertyOptional({ enum: MarketStatus, default: MarketStatus.TRADING }) @IsOptional() @IsIn(Object.values(MarketStatus)) status?: MarketStatus;
}

export class UpdateMarketDto {
  @ApiPropertyOptional({ enum: MarketStatus, example: MarketStatus.HALTED }) @IsOptional() @IsIn(Object.values(MarketStatus)) status?: MarketStatus;
  @ApiPropertyOptional({ example: '0.0008', description: `${RATE_DOC}; at most 0.1` }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) makerFeeRate?: string;
  @ApiPropertyOptional({ example: '0.001', description: `${RATE_DOC}; at most 0.1` }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) takerFeeRate?: string;
  @ApiPropertyOptional({ example: 75, minimum: 1, maximum: 200, description: 'Perpetuals only (spot stays 1)' }) @IsOptional() @IsInt() @Min(1) @Max(200) maxLeverage?: number;
  @ApiPropertyOptional({ example: '0.03', description: `${RATE_DOC}; at most 0.5` }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) priceBandRate?: string;

  @ApiPropertyOptional({ type: [MarginTierDto], description: 'Replaces the whole list (perpetuals only)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MarginTierDto)
  maintenanceMarginTiers?: MarginTierDto[];
}

export class SearchQueryDto {
  @ApiProperty({ example: 'btc', description: 'Part of a symbol, name, base or quote asset (case-insensitive)', minLength: 1, maxLength: 40 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  q!: string;
}

export class LimitQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export const TRADES_SOURCE = 'trades';
export const KLINE_SOURCES = [TRADES_SOURCE, ...Object.values(PriceType)] as const;
export type KlineSource = PriceType | typeof TRADES_SOURCE;

export class KlinesQueryDto {
  @ApiPropertyOptional({
    enum: KLINE_SOURCES,
    default: TRADES_SOURCE,
    description: '`trades` (default): OHLCV from the market\'s trades; `mark` or `index`: OHLC of the price feed',
  })
  @IsOptional()
  @IsIn(KLINE_SOURCES)
  source?: KlineSource;

  @ApiPropertyOptional({ enum: CandleInterval, default: CandleInterval.M1 }) @IsOptional() @IsIn(Object.values(CandleInterval)) interval?: CandleInterval;

  @ApiPropertyOptional({ example: '2026-11-21T00:00:00Z', description: 'Earliest candle open time (inclusive): ISO-8601 or epoch milliseconds' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'from must be an ISO-8601 time or epoch milliseconds' })
  from?: string;

  @ApiPropertyOptional({ example: '1763769600000', description: 'Latest candle open time (inclusive): ISO-8601 or epoch milliseconds' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'to must be an ISO-8601 time or epoch milliseconds' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500, description: 'The newest candles of the range are returned, oldest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'BTC-USDT' }) @IsOptional() @IsString() @MaxLength(25) symbol?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ShockPriceDto {
  @ApiProperty({ example: '250', description: `The new index and mark price. ${DECIMAL_DOC}; positive, a multiple of the market's tick size` })
  @IsString()
  @MaxLength(60)
  price!: string;
}

export class ShockIndexDto {
  @ApiProperty({
    example: '-10',
    description: `The move of the underlying's index in percent: "-10" lowers it by 10 %. ${DECIMAL_DOC}; non-zero, at most 4 decimals, above -100 and at most 1000`,
  })
  @IsString()
  @MaxLength(20)
  percent!: string;

  @ApiProperty({ example: 30, minimum: 0, maximum: 3600, description: 'The move is linear over this many seconds (0: at the next tick)' })
  @IsInt()
  @Min(0)
  @Max(3600)
  overSeconds!: number;
}

export class SetFeedPausedDto {
  @ApiProperty({ example: true, description: 'true pauses the price feed (no market is priced: prices age, the STALE_FEED alert follows), false resumes it' })
  @IsBoolean()
  paused!: boolean;

  @ApiProperty({ example: 'stale-feed drill', minLength: 3, maxLength: 500, description: 'Why (kept in the audit log)' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

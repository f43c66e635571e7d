import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { STRATEGY_TYPES, StrategyType } from '@lib/backtests';
import { CANDLE_INTERVALS } from '@lib/market';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;
/** Decimal strings, never JSON numbers (house rule): scales and ranges are the context's (INVALID_BACKTEST). */
const DECIMAL = /^(0|[1-9]\d{0,29})(\.\d{1,18})?$/;

export class StrategyDto {
  @ApiProperty({ enum: STRATEGY_TYPES, enumName: 'BacktestStrategyType', example: StrategyType.SMA_CROSSOVER })
  @IsIn(STRATEGY_TYPES)
  type!: StrategyType;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { fast: 20, slow: 50 },
    description:
      'Numbers; any left out take their default. SMA_CROSSOVER {fast 20, slow 50}, EMA_CROSSOVER {fast 12, slow 26} (candles, fast < slow); ' +
      'RSI_THRESHOLDS {period 14, oversold 30, overbought 70}; MACD_CROSS {fast 12, slow 26, signal 9}; BOLLINGER_REVERSION {period 20, stdDev 2}; BUY_AND_HOLD {}.',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class PositionSizingDto {
  @ApiProperty({ enum: ['ALL_IN', 'FRACTION'], example: 'FRACTION', description: 'ALL_IN: each entry uses all the equity; FRACTION: that share of it' })
  @IsIn(['ALL_IN', 'FRACTION'])
  type!: 'ALL_IN' | 'FRACTION';

  @ApiPropertyOptional({ example: '0.5', description: 'FRACTION only: above 0, at most 1, at most 6 decimals' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, { message: 'fraction must be a decimal string like "0.5"' })
  fraction?: string;
}

export class SubmitBacktestDto {
  @ApiProperty({ example: 'BTC-USDT', description: 'A market of the catalog (404 MARKET_NOT_FOUND otherwise); spot is long-only, a perpetual long and short' })
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' })
  symbol!: string;

  @ApiProperty({ enum: CANDLE_INTERVALS, example: '1h' })
  @IsIn(CANDLE_INTERVALS)
  interval!: string;

  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'The first candle (aligned down to the interval); ISO 8601' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-06-30T23:00:00Z', description: 'The last candle\'s open time at most, not in the future; at most 600,000 candles from `from`' })
  @IsISO8601({ strict: true })
  to!: string;

  @ApiProperty({ type: StrategyDto })
  @ValidateNested()
  @Type(() => StrategyDto)
  strategy!: StrategyDto;

  @ApiProperty({ example: '10000', description: 'In the quote asset (a decimal string, at most its decimals), above 0, at most 1e12' })
  @IsString()
  @Matches(DECIMAL, { message: 'initialCapital must be a decimal string like "10000"' })
  initialCapital!: string;

  @ApiPropertyOptional({ example: '0.001', description: 'The fee on each fill\'s notional (a fraction, at most 6 decimals, at most 0.1); default: the market\'s taker fee' })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, { message: 'feeRate must be a decimal string like "0.001"' })
  feeRate?: string;

  @ApiPropertyOptional({ example: 5, minimum: 0, maximum: 1000, default: 0, description: 'Each fill moves this many basis points against the trader (then onto the tick, against the trader too)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  slippageBps?: number;

  @ApiPropertyOptional({ type: PositionSizingDto, description: 'Default ALL_IN' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PositionSizingDto)
  positionSizing?: PositionSizingDto;
}

export class BacktestListQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: '1842' }) @IsOptional() @IsString() @MaxLength(20) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

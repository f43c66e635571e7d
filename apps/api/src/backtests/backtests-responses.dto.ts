import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BACKTEST_STATUSES, STRATEGY_TYPES } from '@lib/backtests';
import { CANDLE_INTERVALS } from '@lib/market';

const RATIO = 'a decimal string rounded half-even to 8 decimals';

export class BacktestStrategyDto {
  @ApiProperty({ enum: STRATEGY_TYPES, enumName: 'BacktestStrategyType', example: 'SMA_CROSSOVER' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { fast: 20, slow: 50 }, description: 'Every parameter, defaults filled in' }) params!: Record<string, number>;
}

export class BacktestSizingDto {
  @ApiProperty({ enum: ['ALL_IN', 'FRACTION'], example: 'ALL_IN' }) type!: string;
  @ApiPropertyOptional({ example: '0.5' }) fraction?: string;
}

export class BacktestRequestDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: CANDLE_INTERVALS, example: '1h' }) interval!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'The first candle\'s open time' }) from!: string;
  @ApiProperty({ example: '2026-06-30T23:00:00.000Z' }) to!: string;
  @ApiProperty({ type: BacktestStrategyDto }) strategy!: BacktestStrategyDto;
  @ApiProperty({ example: '10000.000000' }) initialCapital!: string;
  @ApiProperty({ example: '0.001', description: 'As sent, or the market\'s taker fee at submission' }) feeRate!: string;
  @ApiProperty({ example: 5 }) slippageBps!: number;
  @ApiProperty({ type: BacktestSizingDto }) positionSizing!: BacktestSizingDto;
}

export class BacktestMetricsDto {
  @ApiProperty({ example: '10000.000000' }) initialCapital!: string;
  @ApiProperty({ example: '11234.567890', description: 'Cash plus an open position valued at the last close' }) finalEquity!: string;
  @ApiProperty({ example: '1234.567890' }) pnl!: string;
  @ApiProperty({ example: '42.123457' }) fees!: string;
  @ApiProperty({ example: '0.000000', description: 'Perpetuals: funding received (+) or paid (-) at the stored funding times' }) funding!: string;
  @ApiProperty({ example: '0.12345679', description: `finalEquity / initialCapital - 1, ${RATIO}` }) totalReturn!: string;
  @ApiProperty({ example: '0.26543210', nullable: true, type: String, description: '(final / initial)^(365 days / span) - 1; null when it overflows' }) cagr!: string | null;
  @ApiProperty({ example: '1.23456789', nullable: true, type: String, description: 'mean / stdev of daily returns x sqrt(365); null with fewer than two days or a flat equity' }) sharpe!: string | null;
  @ApiProperty({ example: '0.08765432', description: 'Largest fall of the close equity from its running peak, as a fraction of the peak' }) maxDrawdown!: string;
  @ApiProperty({ example: '0.55000000', nullable: true, type: String, description: 'Closed trades with pnl > 0 / closed trades; null without one' }) winRate!: string | null;
  @ApiProperty({ example: '1.80000000', nullable: true, type: String, description: 'Sum of winning pnl / |sum of losing pnl|; null without a loss' }) profitFactor!: string | null;
  @ApiProperty({ example: '0.47000000', description: 'Share of the candles during which a position was held' }) exposure!: string;
  @ApiProperty({ example: 40 }) trades!: number;
  @ApiProperty({ example: 39 }) closedTrades!: number;
  @ApiProperty({ example: 21 }) winningTrades!: number;
  @ApiProperty({ example: 0, description: 'Signals not traded: the order would be below the market\'s minimum quantity or notional' }) skippedSignals!: number;
}

export class BacktestTradeDto {
  @ApiProperty({ enum: ['LONG', 'SHORT'], example: 'LONG' }) side!: string;
  @ApiProperty({ example: '2026-01-03T14:00:00.000Z', description: 'The open of the candle it filled at' }) entryTime!: string;
  @ApiProperty({ example: '95012.40', description: 'That open, slipped against the trader onto the tick' }) entryPrice!: string;
  @ApiProperty({ example: '2026-01-05T09:00:00.000Z', nullable: true, type: String, description: 'null: still open at the end' }) exitTime!: string | null;
  @ApiProperty({ example: '96110.00', nullable: true, type: String }) exitPrice!: string | null;
  @ApiProperty({ example: '0.105' }) quantity!: string;
  @ApiProperty({ example: '20.067301', description: 'Entry and exit taker fees, each rounded up' }) fees!: string;
  @ApiProperty({ example: '0.000000' }) funding!: string;
  @ApiProperty({ example: '95.183499', description: 'Net of fees and funding; an open trade valued at the last close' }) pnl!: string;
}

export class BacktestEquityPointDto {
  @ApiProperty({ example: '2026-01-01T01:00:00.000Z', description: 'A candle\'s close time' }) time!: string;
  @ApiProperty({ example: '10012.345678' }) equity!: string;
}

export class BacktestRunDto {
  @ApiProperty({ type: BacktestMetricsDto }) metrics!: BacktestMetricsDto;
  @ApiProperty({ type: [BacktestTradeDto], description: 'In order; the first 20,000 when there were more' }) trades!: BacktestTradeDto[];
  @ApiProperty({ example: false }) tradesTruncated!: boolean;
  @ApiProperty({ type: [BacktestEquityPointDto], description: 'At most ~1,000 points, evenly spaced over the candles' }) equityCurve!: BacktestEquityPointDto[];
}

export class BacktestOriginDto {
  @ApiProperty({ example: 4320, description: 'Candles of the seeded synthetic history (docs/analytics.md)' }) synthetic!: number;
  @ApiProperty({ example: 24 }) live!: number;
  @ApiProperty({ example: 0 }) imported!: number;
}

export class BacktestResultDto {
  @ApiProperty({ example: 4344 }) candles!: number;
  @ApiProperty({ type: BacktestOriginDto }) origin!: BacktestOriginDto;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) firstCandle!: string;
  @ApiProperty({ example: '2026-06-30T23:00:00.000Z' }) lastCandle!: string;
  @ApiProperty({ type: BacktestRunDto }) strategy!: BacktestRunDto;
  @ApiProperty({ type: BacktestRunDto, description: 'Buy-and-hold on the same candles and terms' }) benchmark!: BacktestRunDto;
}

export class BacktestErrorDto {
  @ApiProperty({ enum: ['INTERRUPTED', 'HISTORY_UNAVAILABLE', 'NOT_ENOUGH_HISTORY', 'WORKER_FAILED'], example: 'INTERRUPTED' }) code!: string;
  @ApiProperty({ example: 'The server running it stopped before it finished; submit it again' }) message!: string;
}

export class BacktestAcceptedDto {
  @ApiProperty({ example: '0193a1f2-7c1e-7b7a-9c55-5c1f0c2b9e11' }) id!: string;
  @ApiProperty({ enum: BACKTEST_STATUSES, enumName: 'BacktestStatus', example: 'QUEUED' }) status!: string;
}

export class BacktestDto extends BacktestAcceptedDto {
  @ApiProperty({ example: 100, minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: BacktestRequestDto }) request!: BacktestRequestDto;
  @ApiProperty({ type: BacktestResultDto, nullable: true, description: 'DONE only (null in the list)' }) result!: BacktestResultDto | null;
  @ApiProperty({ type: BacktestErrorDto, nullable: true, description: 'FAILED only' }) error!: BacktestErrorDto | null;
  @ApiProperty({ example: '2026-12-07T09:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-07T09:00:00.120Z', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ example: '2026-12-07T09:00:01.870Z', nullable: true, type: String }) finishedAt!: string | null;
}

export class BacktestPageDto {
  @ApiProperty({ type: [BacktestDto] }) items!: BacktestDto[];
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Pass as cursor for the next (older) page; null at the end' }) nextCursor!: string | null;
}

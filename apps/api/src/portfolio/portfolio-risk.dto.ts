import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_RISK_WINDOW_DAYS, RISK_WINDOW_DAYS, type RiskWindowDays } from '@lib/portfolio';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

export class RiskQueryDto {
  @ApiPropertyOptional({ enum: RISK_WINDOW_DAYS, default: DEFAULT_RISK_WINDOW_DAYS, description: 'Days of history (daily returns) before the last complete UTC day' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(RISK_WINDOW_DAYS)
  window?: RiskWindowDays;
}

const MONEY = 'USDT with 6 decimals';
const STAT = 'float64 rounded half to even to 8 decimals';

class LevelPairDto {
  @ApiProperty({ example: '1520.004511', description: 'At 95 %' }) p95!: string;
  @ApiProperty({ example: '2398.120006', description: 'At 99 %' }) p99!: string;
}

class ValueAtRiskDto {
  @ApiProperty({ type: LevelPairDto, description: `Loss of the ceil(n(1 − α))-th worst simulated day (0 when that day gained), exact, rounded up to ${MONEY}` }) historical!: LevelPairDto;
  @ApiProperty({ type: LevelPairDto, description: `z σ equity (z = 1.6448536269514722, 2.3263478740408408; mean ignored), float64 rounded half to even to ${MONEY}` }) parametric!: LevelPairDto;
}

class RiskFiguresDto {
  @ApiProperty({ example: '0.00041233', description: `Mean of r_t = P&L_t / equity (${STAT})` }) meanDailyReturn!: string;
  @ApiProperty({ example: '0.02210417', description: `Sample standard deviation of r_t, n − 1 (${STAT})` }) dailyVolatility!: string;
  @ApiProperty({ type: ValueAtRiskDto, description: 'One-day value at risk, as a loss (>= 0)' }) valueAtRisk!: ValueAtRiskDto;
  @ApiProperty({ type: LevelPairDto, description: `Mean loss of the days at or beyond the historical VaR (the ceil(n(1 − α)) worst), rounded up to ${MONEY}` }) expectedShortfall!: LevelPairDto;
  @ApiProperty({ example: '0.35637221', nullable: true, type: String, description: `mean / volatility × √365, risk-free 0; null when the volatility is 0 (${STAT})` }) sharpe!: string | null;
  @ApiProperty({ example: '0.51006337', nullable: true, type: String, description: `mean / √(Σ min(r_t, 0)² / n) × √365; null when no day lost (${STAT})` }) sortino!: string | null;
  @ApiProperty({ example: '6310.882200', description: `Deepest fall of equity + cumulative simulated P&L below its running peak, rounded up to ${MONEY}` }) maxDrawdown!: string;
  @ApiProperty({ example: '0.10612407', description: `That fall relative to its peak, the largest over the window (${STAT})` }) maxDrawdownRatio!: string;
  @ApiProperty({ example: '0.82614005', nullable: true, type: String, description: `cov(r, r_BTC) / var(r_BTC), r_BTC the BTC-USDT daily close-to-close return; null without BTC-USDT or when it did not move (${STAT})` }) beta!: string | null;
}

class ExposureTotalsDto {
  @ApiProperty({ example: '54300.000000', description: `long + short (${MONEY})` }) gross!: string;
  @ApiProperty({ example: '47500.000000' }) long!: string;
  @ApiProperty({ example: '6800.000000', description: 'Short notional as a positive amount' }) short!: string;
  @ApiProperty({ example: '40700.000000', description: 'long − short' }) net!: string;
}

class ExposureAssetDto extends ExposureTotalsDto {
  @ApiProperty({ example: 'BTC' }) asset!: string;
  @ApiProperty({ example: '0.87476980', nullable: true, type: String, description: 'gross / the portfolio gross, exact, 8 decimals half to even; null when that is 0' }) share!: string | null;
}

class ExposureMarketDto extends ExposureAssetDto {
  @ApiProperty({ example: 'BTC-USDT', description: 'The spot market a holding is valued through, or the perpetual' }) symbol!: string;
  @ApiProperty({ enum: ['SPOT', 'PERPETUAL'], example: 'SPOT' }) kind!: 'SPOT' | 'PERPETUAL';
  @ApiProperty({ example: '0.50000000', description: 'Signed (> 0 long): a holding at the asset decimals, a position at the market quantity scale' }) quantity!: string;
  @ApiProperty({ example: '95000.0', description: 'The mark the notional was valued at' }) mark!: string;
}

class ExposureDto extends ExposureTotalsDto {
  @ApiProperty({ type: [ExposureAssetDto], description: 'Spot holdings and perpetual positions of one base asset together' }) byAsset!: ExposureAssetDto[];
  @ApiProperty({ type: [ExposureMarketDto] }) byMarket!: ExposureMarketDto[];
}

class OriginsDto {
  @ApiProperty({ example: 60 }) SYNTHETIC!: number;
  @ApiProperty({ example: 31 }) LIVE!: number;
  @ApiProperty({ example: 0 }) IMPORTED!: number;
}

class RiskHistoryDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: 91, description: 'Daily candles found in the window' }) candles!: number;
  @ApiProperty({ type: OriginsDto, description: 'Candles by origin' }) origins!: OriginsDto;
  @ApiProperty({ example: true, description: 'Some of the window is the seeded synthetic history (docs/analytics.md)' }) synthetic!: boolean;
}

class RiskWindowDto {
  @ApiProperty({ example: 90 }) days!: number;
  @ApiProperty({ format: 'date-time', example: '2026-08-22T00:00:00.000Z', description: 'Open time of the first daily close used' }) from!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T00:00:00.000Z', description: 'Open time of the last: the last complete UTC day' }) to!: string;
}

class InsufficiencyDto {
  @ApiProperty({ enum: ['NO_EQUITY', 'TOO_FEW_RETURNS'], example: 'TOO_FEW_RETURNS' }) code!: string;
  @ApiProperty({ example: '12 daily returns in the window, 20 needed.' }) message!: string;
}

export class PortfolioRiskDto {
  @ApiProperty({ example: 'USDT' }) valuationCurrency!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: RiskWindowDto }) window!: RiskWindowDto;
  @ApiProperty({ example: '57500.000000', description: 'Current equity, as GET /portfolio totals.equity: the denominator of every return' }) equity!: string;
  @ApiProperty({ example: '10000.000000', description: 'USDT and USD held (SPOT + MARGIN): no price risk' }) cash!: string;
  @ApiProperty({ example: 90, description: 'Daily returns counted: days on which every market involved has this and the previous close' }) returns!: number;
  @ApiProperty({ example: false, description: 'true when the equity is not positive or there are fewer than 20 daily returns: figures is then null' }) insufficientHistory!: boolean;
  @ApiProperty({ type: InsufficiencyDto, nullable: true }) reason!: InsufficiencyDto | null;
  @ApiProperty({ type: RiskFiguresDto, nullable: true }) figures!: RiskFiguresDto | null;
  @ApiProperty({ type: ExposureDto, description: `Notional now at the mark (${MONEY}); a holding's is its value in GET /portfolio` }) exposure!: ExposureDto;
  @ApiProperty({ example: 'BTC-USDT', nullable: true, type: String, description: 'What beta is measured against; null when BTC-USDT is not listed' }) benchmark!: string | null;
  @ApiProperty({ type: [RiskHistoryDto], description: 'The daily history read per market (each exposure\'s and the benchmark\'s)' }) history!: RiskHistoryDto[];
  @ApiProperty({ type: [String], example: ['BTC-USDT', 'ETH-PERP'], description: 'Markets whose history in the window is (partly) synthetic: figures computed on it are illustrative' }) syntheticHistory!: string[];
  @ApiProperty({ type: [String], example: [], description: 'Left out of the simulation: held assets no market prices, perpetuals not settled in cash, PERPETUALS when positions could not be read' }) excluded!: string[];
}

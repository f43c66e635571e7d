import { ApiProperty } from '@nestjs/swagger';

class AccountSplitDto {
  @ApiProperty({ example: '0.10000000' }) available!: string;
  @ApiProperty({ example: '0.00000000' }) locked!: string;
  @ApiProperty({ example: '0.10000000' }) total!: string;
}

class PricingDto {
  @ApiProperty({ example: 'BTC-USDT', nullable: true, type: String, description: 'The market the asset is valued through; null for cash (USDT, USD = 1)' }) symbol!: string | null;
  @ApiProperty({ example: '95000.3', description: 'The mark used, USDT per whole unit (USD taken 1:1)' }) mark!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the feed produced that mark' }) at!: string | null;
}

export class HoldingDto {
  @ApiProperty({ example: 'BTC' }) asset!: string;
  @ApiProperty({ example: '0.10000000', description: 'SPOT + MARGIN, at the asset\'s decimals' }) total!: string;
  @ApiProperty({ example: '0.10000000' }) available!: string;
  @ApiProperty({ example: '0.00000000' }) locked!: string;
  @ApiProperty({ type: AccountSplitDto }) spot!: AccountSplitDto;
  @ApiProperty({ type: AccountSplitDto }) margin!: AccountSplitDto;
  @ApiProperty({ type: PricingDto, nullable: true, description: 'null when no market prices the asset; the amounts below are then null' }) price!: PricingDto | null;
  @ApiProperty({ example: '9500.030000', nullable: true, type: String, description: 'total x mark in USDT, rounded down to 6 decimals' }) value!: string | null;
  @ApiProperty({ example: '9509.500000', nullable: true, type: String, description: 'Average cost of what is held, fees included' }) costBasis!: string | null;
  @ApiProperty({ example: '95095.000000', nullable: true, type: String, description: 'costBasis per whole unit, rounded down' }) averageCost!: string | null;
  @ApiProperty({ example: '-9.470000', nullable: true, type: String, description: 'value - costBasis' }) unrealizedPnl!: string | null;
  @ApiProperty({ example: '-0.09', nullable: true, type: String, description: 'Percent of costBasis, 2 decimals truncated toward zero' }) unrealizedPnlPercent!: string | null;
  @ApiProperty({ example: '0.000000', description: 'Realized by selling this asset (net of fees, over its average cost)' }) realizedPnl!: string;
}

class TotalsDto {
  @ApiProperty({ example: '20000.030000' }) equity!: string;
  @ApiProperty({ example: '20009.500000' }) cost!: string;
  @ApiProperty({ example: '-9.470000' }) unrealizedPnl!: string;
  @ApiProperty({ example: '-0.04', nullable: true, type: String }) unrealizedPnlPercent!: string | null;
  @ApiProperty({ example: '0.000000' }) realizedPnl!: string;
}

class PerpetualsDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '1000.000000', description: 'The MARGIN account (available + locked), also among the holdings' }) walletBalance!: string;
  @ApiProperty({ example: '40.000000', description: 'Of the open perpetual positions, at the mark' }) unrealizedPnl!: string;
  @ApiProperty({ example: '1040.000000', description: 'walletBalance + unrealizedPnl' }) marginBalance!: string;
  @ApiProperty({ example: '40.000000', nullable: true, type: String, description: 'unrealizedPnl in the valuation currency, included in totals.equity' }) value!: string | null;
}

export class PortfolioDto {
  @ApiProperty({ example: 'USDT' }) valuationCurrency!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [HoldingDto] }) holdings!: HoldingDto[];
  @ApiProperty({ type: [PerpetualsDto], description: 'Per settlement asset with a MARGIN balance or an open perpetual position' }) perpetuals!: PerpetualsDto[];
  @ApiProperty({ type: TotalsDto }) totals!: TotalsDto;
  @ApiProperty({ type: [String], example: [], description: 'Held assets no market priced (left out of the totals); PERPETUALS when the open perpetual positions could not be valued (a mark not known yet)' }) unpricedAssets!: string[];
}

class CountsDto {
  @ApiProperty({ example: 2, description: 'Assets with a non-zero balance' }) assetsHeld!: number;
  @ApiProperty({ example: 1 }) openOrders!: number;
  @ApiProperty({ example: 1, description: 'Fills accounted for in the cost basis' }) fills!: number;
}

export class PortfolioSummaryDto extends TotalsDto {
  @ApiProperty({ example: 'USDT' }) valuationCurrency!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: CountsDto }) counts!: CountsDto;
}

class PerformancePointDto {
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ example: '20000.030000' }) equity!: string;
  @ApiProperty({ example: '20009.500000' }) cost!: string;
  @ApiProperty({ example: '0.000000' }) realizedPnl!: string;
  @ApiProperty({ example: false, description: 'true for the last point, computed at request time' }) live!: boolean;
}

export class PerformanceDto {
  @ApiProperty({ example: 'USDT' }) valuationCurrency!: string;
  @ApiProperty({ example: '1h' }) interval!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [PerformancePointDto] }) points!: PerformancePointDto[];
}

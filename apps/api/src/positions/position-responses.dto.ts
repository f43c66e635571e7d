import { ApiProperty } from '@nestjs/swagger';

export class PositionDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ enum: ['LONG', 'SHORT', 'FLAT'], example: 'LONG' }) side!: string;
  @ApiProperty({ example: '0.500', description: '|size|, at the market\'s quantity decimals' }) size!: string;
  @ApiProperty({ example: '0.500', description: '> 0 long, < 0 short' }) signedSize!: string;
  @ApiProperty({ example: '95000.000000', nullable: true, type: String, description: 'Entry value / |size|: quote per whole base unit at the quote asset\'s decimals, rounded down; null when flat' })
  entryPrice!: string | null;
  @ApiProperty({ example: '96000.0', description: 'The mark now, at the market\'s price decimals' }) markPrice!: string;
  @ApiProperty({ example: '48000.000000', description: '|size| x mark' }) notional!: string;
  @ApiProperty({ example: '500.000000', description: 'At the mark: long (mark - entry) x size, short (entry - mark) x |size|' }) unrealizedPnl!: string;
  @ApiProperty({ example: '0.1041', nullable: true, type: String, description: 'unrealizedPnl / initialMargin, 4 decimals rounded toward zero; null when flat' }) roe!: string | null;
  @ApiProperty({ example: 10 }) leverage!: number;
  @ApiProperty({ enum: ['CROSS', 'ISOLATED'], example: 'CROSS' }) marginMode!: string;
  @ApiProperty({ example: '0.000000', description: 'Margin assigned to an isolated position (0 for cross)' }) isolatedMargin!: string;
  @ApiProperty({ example: '4800.000000', description: 'notional / leverage, rounded up' }) initialMargin!: string;
  @ApiProperty({ example: '192.000000', description: 'By the market\'s maintenance tiers, rounded up' }) maintenanceMargin!: string;
  @ApiProperty({
    example: '0.0192',
    nullable: true,
    type: String,
    description: 'Isolated: maintenance / (isolated margin + unrealized PnL); cross: maintenance / the account\'s margin balance. 4 decimals rounded up; null when flat or when the denominator is not positive. Liquidation at 1',
  })
  marginRatio!: string | null;
  @ApiProperty({ example: '57000.0', nullable: true, type: String, description: 'The mark at which the collateral no longer covers the maintenance margin (price decimals); null when flat or when no price liquidates it' })
  liquidationPrice!: string | null;
  @ApiProperty({
    example: 2,
    nullable: true,
    type: Number,
    description: 'Auto-deleveraging rank, 1 to 5: 5 is first in line when a liquidation cannot be closed through the book (profit x leverage, quintiles of your side of the market; 1 for a position not in profit); null when flat',
  })
  adlRank!: number | null;
  @ApiProperty({ example: '0.000000', description: 'Realized since the position opened (fees apart)' }) realizedPnl!: string;
  @ApiProperty({ example: '24.000000', description: 'Fees paid since the position opened' }) fees!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z', nullable: true, type: String }) openedAt!: string | null;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) updatedAt!: string;
}

export class ClosedPositionDto {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ enum: ['LONG', 'SHORT'], example: 'LONG' }) side!: string;
  @ApiProperty({ example: '0.500', description: 'The quantity that opened it' }) quantity!: string;
  @ApiProperty({ example: '95000.000000', description: 'Opened value / opened quantity, per whole base unit, rounded down' }) entryPrice!: string;
  @ApiProperty({ example: '97000.000000', description: 'Closed value / closed quantity, per whole base unit, rounded down' }) exitPrice!: string;
  @ApiProperty({ example: '1000.000000' }) realizedPnl!: string;
  @ApiProperty({ example: '48.000000' }) fees!: string;
  @ApiProperty({ example: '952.000000', description: 'realizedPnl - fees' }) netPnl!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) openedAt!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) closedAt!: string;
}

export class ClosedPositionPageDto {
  @ApiProperty({ type: [ClosedPositionDto] }) items!: ClosedPositionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AccountMarginDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '10000.000000', description: 'MARGIN AVAILABLE + LOCKED' }) walletBalance!: string;
  @ApiProperty({ example: '500.000000' }) unrealizedPnl!: string;
  @ApiProperty({ example: '10500.000000', description: 'walletBalance + unrealizedPnl' }) marginBalance!: string;
  @ApiProperty({ example: '4800.000000', description: 'Cross positions\' initial margin at the mark plus LOCKED (open orders\' holds, isolated margins)' }) initialMargin!: string;
  @ApiProperty({ example: '192.000000' }) maintenanceMargin!: string;
  @ApiProperty({ example: '5200.000000', description: 'What new orders may hold: AVAILABLE + Σ cross (unrealized PnL - initial margin) when negative, never below 0' }) available!: string;
  @ApiProperty({ example: '5200.000000', description: 'What a transfer out of MARGIN may take: unrealized profit never counts' }) transferable!: string;
  @ApiProperty({ example: '0.0183', nullable: true, type: String, description: 'maintenance / margin balance, 4 decimals rounded up; null without a position' }) marginRatio!: string | null;
}

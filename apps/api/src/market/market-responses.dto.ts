import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CandleInterval, InstrumentKind, MarketStatus, PriceType } from '@lib/market';
import { CandleImportDto } from './price-history.dto';

class MarginTierViewDto {
  @ApiProperty({ example: '50000.000000', nullable: true, type: String, description: 'Quote asset; null = no upper bound' }) maxNotional!: string | null;
  @ApiProperty({ example: '0.004000' }) rate!: string;
}

export class InstrumentDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ example: 'Bitcoin perpetual (USDT margined)' }) name!: string;
  @ApiProperty({ enum: InstrumentKind, example: InstrumentKind.PERPETUAL }) kind!: InstrumentKind;
  @ApiProperty({ example: 'BTC' }) baseAsset!: string;
  @ApiProperty({ example: 'USDT', description: 'Also the margin asset of a perpetual' }) quoteAsset!: string;
  @ApiProperty({ enum: MarketStatus, example: MarketStatus.TRADING }) status!: MarketStatus;
  @ApiProperty({ example: 1, description: 'Decimals of a price' }) priceScale!: number;
  @ApiProperty({ example: 3, description: 'Decimals of a quantity' }) quantityScale!: number;
  @ApiProperty({ example: '0.1' }) tickSize!: string;
  @ApiProperty({ example: '0.001' }) stepSize!: string;
  @ApiProperty({ example: '0.001' }) minQuantity!: string;
  @ApiProperty({ example: '5.000000', description: 'Quote asset' }) minNotional!: string;
  @ApiProperty({ example: '0.000200' }) makerFeeRate!: string;
  @ApiProperty({ example: '0.000500' }) takerFeeRate!: string;
  @ApiProperty({ example: 125 }) maxLeverage!: number;
  @ApiProperty({ example: '0.050000', description: 'Max distance of a limit price from the mark price, as a rate' }) priceBandRate!: string;
  @ApiProperty({ type: [MarginTierViewDto] }) maintenanceMarginTiers!: MarginTierViewDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TickerDto {
  @ApiProperty({ example: '95012.4', nullable: true, type: String, description: 'null until the feed has priced the market' }) index!: string | null;
  @ApiProperty({ example: '95012.4', nullable: true, type: String, description: 'Equals the index price for now' }) mark!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Last trade price: null until trading exists' }) last!: string | null;
  @ApiProperty({ example: '94000.0', nullable: true, type: String, description: 'Mark price 24 h ago (or when the history starts)' }) open24h!: string | null;
  @ApiProperty({ example: '95500.0', nullable: true, type: String }) high24h!: string | null;
  @ApiProperty({ example: '93800.0', nullable: true, type: String }) low24h!: string | null;
  @ApiProperty({ example: '1.08', nullable: true, type: String, description: 'Percent, 2 decimals, from open24h to mark' }) change24h!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
}

export class MarketDto extends InstrumentDto {
  @ApiProperty({ type: TickerDto }) ticker!: TickerDto;
}

export class PriceDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: '95012.43' }) index!: string;
  @ApiProperty({ example: '95012.43' }) mark!: string;
  @ApiProperty({ example: 1042, description: 'The feed\'s tick number for this market' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) ts!: string;
  @ApiPropertyOptional({
    example: '0.00010000',
    description: 'Perpetuals only: the predicted funding rate of the running interval (a decimal fraction, 8 decimals; positive: longs pay shorts), paid at nextFundingTime',
  })
  fundingRate?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-21T16:00:00.000Z', description: 'Perpetuals only: the next funding time' }) nextFundingTime?: string;
}

class KlineDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:15:00.000Z' }) openTime!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:15:59.999Z' }) closeTime!: string;
  @ApiProperty({ example: '95001.10' }) open!: string;
  @ApiProperty({ example: '95020.00' }) high!: string;
  @ApiProperty({ example: '94990.55' }) low!: string;
  @ApiProperty({ example: '95012.43' }) close!: string;
  @ApiPropertyOptional({ example: '1.25000', description: 'source=trades only: base volume' }) volume?: string;
  @ApiPropertyOptional({ example: '118762.500000', description: 'source=trades only: quote volume' }) quoteVolume?: string;
  @ApiPropertyOptional({ example: 42, description: 'source=trades only: number of trades' }) trades?: number;
}

export class KlinesDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: ['trades', ...Object.values(PriceType)], example: 'trades' }) source!: string;
  @ApiProperty({ enum: CandleInterval, example: CandleInterval.M1 }) interval!: CandleInterval;
  @ApiProperty({ type: [KlineDto], description: 'Oldest first; the last one may still be moving' }) candles!: KlineDto[];
}

export class FeedStatusDto {
  @ApiProperty({ format: 'uuid', description: 'This process' }) instanceId!: string;
  @ApiProperty({ example: true }) enabled!: boolean;
  @ApiProperty({ example: true, description: 'This instance holds the feed lease' }) leader!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) leaderSince!: string | null;
  @ApiProperty({ example: 1000 }) intervalMs!: number;
  @ApiProperty({ example: 360, description: 'Ticks produced since this instance became leader' }) ticks!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastTickAt!: string | null;
  @ApiProperty({ example: false, description: 'The leader found the feed paused by an admin at its last tick (PUT /admin/markets/feed); false on other instances' }) paused!: boolean;
}

export class FeedControlDto {
  @ApiProperty({ example: true, description: 'The feed is paused: no instance prices any market until it is resumed' }) paused!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'stale-feed drill' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The admin who set it last' }) changedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) changedAt!: string | null;
}

class PriceShockDetailsDto {
  @ApiProperty({ example: '230.00', nullable: true, type: String }) from!: string | null;
  @ApiProperty({ example: '250.00' }) to!: string;
  @ApiPropertyOptional({ example: '-10', description: 'A percent shock (POST .../price-shock) only; `from` is then the index it starts from' }) percent?: string;
  @ApiPropertyOptional({ example: 30, description: 'A percent shock only' }) overSeconds?: number;
}

@ApiExtraModels(PriceShockDetailsDto, CandleImportDto)
export class MarketAuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The admin; null for the platform itself (the continuous reconciliation halting a market: see `reason`)' }) adminId!: string | null;
  @ApiProperty({ enum: ['MARKET_CREATED', 'MARKET_UPDATED', 'PRICE_SHOCK', 'CANDLES_IMPORTED'] }) action!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ type: InstrumentDto, nullable: true, description: 'null for a creation' }) before!: InstrumentDto | null;
  @ApiProperty({ type: InstrumentDto }) after!: InstrumentDto;
  @ApiPropertyOptional({
    anyOf: [{ $ref: getSchemaPath(PriceShockDetailsDto) }, { $ref: getSchemaPath(CandleImportDto) }],
    description: 'PRICE_SHOCK: the mark before and the requested price; CANDLES_IMPORTED: the import (ids, count, range, SHA-256 of the file). Before and after are then the unchanged instrument',
  })
  details?: PriceShockDetailsDto | CandleImportDto;
  @ApiPropertyOptional({ example: 'reconciliation mismatch: USDT locked funds of 1 account(s)', description: 'Why, when the change said (a change by the platform always does)' }) reason?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PriceShockDto {
  @ApiProperty({ example: 'AAPL-PERP' }) symbol!: string;
  @ApiProperty({ example: '250.00', description: 'The price the next tick publishes as the index (of every market on the same underlying)' }) price!: string;
  @ApiProperty({ example: '230.00', nullable: true, type: String, description: 'The mark when the request was accepted' }) previousMark!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
}

export class PercentShockDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ example: ['BTC-PERP', 'BTC-USDT'], description: 'Every market whose index moves: those on the same underlying (base and quote asset)' }) symbols!: string[];
  @ApiProperty({ example: '-10' }) percent!: string;
  @ApiProperty({ example: 30 }) overSeconds!: number;
  @ApiProperty({ example: '95000.0', description: 'The symbol\'s index when the request was accepted (this instance\'s latest tick)' }) fromIndex!: string;
  @ApiProperty({ example: '85500.0', description: 'Where the index ends: fromIndex moved by percent, rounded half up to the tick' }) toIndex!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:15:00.000Z' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:15:30.000Z', description: 'The tick at or after this time publishes toIndex; the walk continues from it' }) endsAt!: string;
}

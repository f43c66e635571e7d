import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FillDto {
  @ApiProperty({ example: '1842' }) tradeId!: string;
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: 'BUY' }) side!: string;
  @ApiProperty({ example: '95010.5' }) price!: string;
  @ApiProperty({ example: '0.01000' }) quantity!: string;
  @ApiProperty({ example: '950.105000', description: 'price x quantity in the quote asset' }) quote!: string;
  @ApiProperty({ example: '0.950105' }) fee!: string;
  @ApiProperty({ example: 'USDT' }) feeAsset!: string;
  @ApiProperty({ enum: ['MAKER', 'TAKER'] }) liquidity!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) createdAt!: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'my-bot-000123' }) clientOrderId!: string | null;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: ['BUY', 'SELL'] }) side!: string;
  @ApiProperty({ enum: ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT', 'TAKE_PROFIT_MARKET', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP_MARKET'] }) type!: string;
  @ApiProperty({ enum: ['GTC', 'GTD', 'IOC', 'FOK', 'POST_ONLY'] }) timeInForce!: string;
  @ApiProperty({ example: false, description: 'Perpetuals: the order only reduces the position (always false on spot)' }) reduceOnly!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '95000.0', description: 'null for MARKET' }) price!: string | null;
  @ApiProperty({ example: '0.01500' }) quantity!: string;
  @ApiProperty({ example: '0.01000' }) filledQuantity!: string;
  @ApiProperty({ example: '0.00500' }) remainingQuantity!: string;
  @ApiProperty({ nullable: true, type: String, example: '95010.500000', description: 'Quote per base unit at the quote asset\'s decimals, rounded down' })
  averagePrice!: string | null;
  @ApiProperty({ example: '950.105000' }) filledQuote!: string;
  @ApiProperty({ example: '0.950105' }) fee!: string;
  @ApiProperty({ example: 'USDT' }) feeAsset!: string;
  @ApiProperty({ enum: ['UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'] }) status!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'IOC_REMAINDER',
    description: 'Why it ended without filling in full; a conditional order refused at its trigger ends EXPIRED with the refusal\'s code (e.g. INSUFFICIENT_MARGIN, REDUCE_ONLY_WOULD_INCREASE, PRICE_OUT_OF_BAND); GTD_EXPIRED',
  })
  reason!: string | null;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) updatedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '90000.0', description: 'Conditional orders: STOP_* and TAKE_PROFIT_* trigger price' }) triggerPrice?: string | null;
  @ApiPropertyOptional({ enum: ['MARK', 'LAST'], description: 'Conditional orders: the price they watch' }) triggerBy?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '1.5000', description: 'TRAILING_STOP_MARKET: percent' }) callbackRate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '100000.0' }) activationPrice?: string | null;
  @ApiPropertyOptional({ example: false }) closePosition?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-11-21T10:05:00.000Z', description: 'Conditional orders: when it triggered (null while UNTRIGGERED)' }) triggeredAt?: string | null;
  @ApiPropertyOptional({ example: '2026-12-08T00:00:00.000Z', description: 'GTD orders only' }) goodTillDate?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Orders of an order list only' }) listId?: string;
}

export class PlacedOrderDto extends OrderDto {
  @ApiProperty({ type: [FillDto], description: 'The fills of this order (at placement: of its first matching pass)' }) fills!: FillDto[];
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items!: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class FillPageDto {
  @ApiProperty({ type: [FillDto] }) items!: FillDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CancelAllDto {
  @ApiProperty({ type: [OrderDto] }) canceled!: OrderDto[];
}

export class TradeDto {
  @ApiProperty({ example: '1842' }) id!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: '95010.5' }) price!: string;
  @ApiProperty({ example: '0.01000' }) quantity!: string;
  @ApiProperty({ example: '950.105000' }) quote!: string;
  @ApiProperty({ enum: ['BUY', 'SELL'], description: 'The taker\'s side' }) takerSide!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) time!: string;
}

export class DepthDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: 1042, description: 'The book\'s sequence: /market deltas continue from it' }) seq!: number;
  @ApiProperty({ example: [['95000.0', '0.50000']], description: '[price, quantity], best first', type: 'array', items: { type: 'array', items: { type: 'string' } } })
  bids!: [string, string][];
  @ApiProperty({ example: [['95000.1', '0.25000']], type: 'array', items: { type: 'array', items: { type: 'string' } } }) asks!: [string, string][];
}

export class TradeCandleDto {
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' }) openTime!: string;
  @ApiProperty({ example: '2026-11-21T10:00:59.999Z' }) closeTime!: string;
  @ApiProperty({ example: '95000.0' }) open!: string;
  @ApiProperty({ example: '95020.0' }) high!: string;
  @ApiProperty({ example: '94990.0' }) low!: string;
  @ApiProperty({ example: '95010.5' }) close!: string;
  @ApiProperty({ example: '1.25000' }) volume!: string;
  @ApiProperty({ example: '118762.500000' }) quoteVolume!: string;
  @ApiProperty({ example: 42 }) trades!: number;
}

export class TradeTickerDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '95010.5' }) last!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) open!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) high!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) low!: string | null;
  @ApiProperty({ example: '12.50000' }) volume!: string;
  @ApiProperty({ example: '1187625.000000' }) quoteVolume!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '0.012500', description: '(last - open) / open over 24 h' }) change!: string | null;
  @ApiProperty({ example: 420 }) trades!: number;
}

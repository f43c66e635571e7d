import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_ORDER_TYPES, OrderSide, OrderStatus, TimeInForce, TriggerBy, type ApiOrderType } from '@lib/orders';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;
const DECIMAL_DOC = 'Decimal string on the market\'s tick/step grid; more decimals than it allows is a 400, never rounded';

export class PlaceOrderDto {
  @ApiProperty({ example: 'BTC-USDT' }) @IsString() @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: OrderSide, example: OrderSide.BUY }) @IsIn(Object.values(OrderSide)) side!: OrderSide;
  @ApiProperty({
    enum: API_ORDER_TYPES,
    example: 'LIMIT',
    description:
      'LIMIT and MARKET trade now. The conditional types wait UNTRIGGERED until their trigger (docs/conditional-orders.md): STOP_MARKET, STOP_LIMIT, TAKE_PROFIT_MARKET, TAKE_PROFIT_LIMIT (triggerPrice) and TRAILING_STOP_MARKET (callbackRate, activationPrice). A sell STOP fires when the price falls to its trigger, a sell TAKE_PROFIT when it rises to it (a buy the other way round).',
  })
  @IsIn(API_ORDER_TYPES)
  type!: ApiOrderType;
  @ApiPropertyOptional({ example: '0.01500', description: `Required, except with closePosition. ${DECIMAL_DOC}` })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  quantity?: string;
  @ApiPropertyOptional({ example: '95000.0', description: `LIMIT, STOP_LIMIT and TAKE_PROFIT_LIMIT only. ${DECIMAL_DOC}` }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(80) price?: string;
  @ApiPropertyOptional({ enum: TimeInForce, description: 'Default GTC for the LIMIT kinds, IOC for the MARKET kinds (they take IOC or FOK). GTD (LIMIT kinds) needs goodTillDate.' })
  @IsOptional()
  @IsIn(Object.values(TimeInForce))
  timeInForce?: TimeInForce;
  @ApiPropertyOptional({ example: '2026-12-08T00:00:00.000Z', description: 'GTD only: when the order expires (EXPIRED, reason GTD_EXPIRED, within a second); at least a second ahead' })
  @IsOptional()
  @IsISO8601({ strict: true })
  goodTillDate?: string;
  @ApiPropertyOptional({ example: '90000.0', description: `STOP_* and TAKE_PROFIT_*: the price that triggers it. A trigger the price already meets is refused (422 ORDER_WOULD_TRIGGER_IMMEDIATELY). ${DECIMAL_DOC}` })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  triggerPrice?: string;
  @ApiPropertyOptional({ enum: TriggerBy, description: 'Conditional types: the price they watch, the mark (default) or the last trade' })
  @IsOptional()
  @IsIn(Object.values(TriggerBy))
  triggerBy?: TriggerBy;
  @ApiPropertyOptional({ example: '1.5', description: 'TRAILING_STOP_MARKET: percent from the best price since activation, 0.1 to 10, at most 4 decimals' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  callbackRate?: string;
  @ApiPropertyOptional({ example: '100000.0', description: `TRAILING_STOP_MARKET: trailing starts when the price reaches it (a sell: at or above; a buy: at or below); without it, at once from the price now. ${DECIMAL_DOC}` })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  activationPrice?: string;
  @ApiPropertyOptional({
    example: false,
    description: 'Perpetuals, STOP_MARKET / TAKE_PROFIT_MARKET / TRAILING_STOP_MARKET without quantity: closes the whole position at the trigger (reduce-only); needs a position it closes (422 NO_POSITION); cancelled at the trigger when the position is gone (reason NO_POSITION)',
  })
  @IsOptional()
  @IsBoolean()
  closePosition?: boolean;
  @ApiPropertyOptional({
    example: 'my-bot-000123',
    description: 'Unique per user: sending the same order again returns the existing order (200) instead of a new one; another order with it is 409 CLIENT_ORDER_ID_CONFLICT',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'clientOrderId must be 1 to 64 of A-Z a-z 0-9 _ . : -' })
  clientOrderId?: string;
  @ApiPropertyOptional({
    example: false,
    description:
      'Perpetuals only (400 REDUCE_ONLY_NOT_ALLOWED on spot): the order may only reduce the position and holds no margin. Refused (422 REDUCE_ONLY_WOULD_INCREASE) when it would open or add, or is larger than the position less your other open reduce-only orders on its side; a resting one the position no longer fits is cancelled (reason REDUCE_ONLY_EXCEEDS_POSITION).',
  })
  @IsOptional()
  @IsBoolean()
  reduceOnly?: boolean;
}

export class AmendOrderDto {
  @ApiPropertyOptional({ example: '94950.0', description: `New limit price. ${DECIMAL_DOC}` }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(80) price?: string;
  @ApiPropertyOptional({ example: '0.02000', description: `New total quantity (filled part included). ${DECIMAL_DOC}` })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  quantity?: string;
}

export class SymbolQueryDto {
  @ApiPropertyOptional({ example: 'BTC-USDT' }) @IsOptional() @IsString() @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' }) symbol?: string;
}

export class OrdersQueryDto extends SymbolQueryDto {
  @ApiPropertyOptional({ enum: OrderStatus }) @IsOptional() @IsIn(Object.values(OrderStatus)) status?: OrderStatus;
  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Created before (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class OpenOrdersQueryDto extends SymbolQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only conditional orders waiting for their trigger (UNTRIGGERED); false: only live ones (NEW, PARTIALLY_FILLED); absent: both' })
  @IsOptional()
  @IsIn(['true', 'false'])
  untriggered?: 'true' | 'false';
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class FillsQueryDto extends SymbolQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsString() @MaxLength(64) orderId?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class TradesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class DepthQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) depth?: number;
}


import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COUNTDOWN_MAX_MS, COUNTDOWN_MIN_MS, isCountdownMs } from '@lib/orders';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Matches, ValidateBy, ValidateNested } from 'class-validator';
import { ProblemDto } from '../http/api-problems.decorator';
import { PlaceOrderDto } from './order-requests.dto';
import { OrderDto, PlacedOrderDto } from './order-responses.dto';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;
/** Orders (or ids) one batch may carry. */
export const BATCH_MAX = 10;

/** The number of milliseconds a countdownMs stands for (a JSON integer or a string of digits), or undefined when it is not one. */
export function countdownMsOf(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]{1,7}$/.test(value) ? Number(value) : NaN;
  return isCountdownMs(ms) ? ms : undefined;
}

export class CountdownCancelAllDto {
  @ApiPropertyOptional({ example: 'BTC-USDT', description: 'The market whose orders the countdown cancels; absent: the all-markets countdown (a separate one)' })
  @IsOptional()
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' })
  symbol?: string;

  @ApiProperty({
    oneOf: [{ type: 'string', pattern: '^[0-9]{1,7}$' }, { type: 'integer' }],
    example: '60000',
    description: `Milliseconds until every open order (of the symbol, or of every market) is cancelled: 0 turns the countdown off, otherwise ${COUNTDOWN_MIN_MS} to ${COUNTDOWN_MAX_MS}. Repeat the call before it runs out to reset it.`,
  })
  @ValidateBy({
    name: 'isCountdownMs',
    validator: {
      validate: (value: unknown) => countdownMsOf(value) !== undefined,
      defaultMessage: () => `countdownMs must be 0 (off) or a whole number of milliseconds from ${COUNTDOWN_MIN_MS} to ${COUNTDOWN_MAX_MS}`,
    },
  })
  countdownMs!: string | number;
}

export class CountdownDto {
  @ApiProperty({ nullable: true, type: String, example: 'BTC-USDT', description: 'null for the all-markets countdown' }) symbol!: string | null;
  @ApiProperty({ example: '60000', description: 'The countdown armed, in ms ("0": turned off)' }) countdownMs!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-21T10:01:00.000Z', description: 'When the orders are cancelled unless the call is repeated (the server\'s clock); null when off' })
  deadline!: string | null;
}

export class BatchPlaceOrdersDto {
  @ApiProperty({ type: [PlaceOrderDto], minItems: 1, maxItems: BATCH_MAX, description: `1 to ${BATCH_MAX} orders, each as the body of POST /orders` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => PlaceOrderDto)
  orders!: PlaceOrderDto[];
}

export class BatchCancelOrdersDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: BATCH_MAX, example: ['0f8fad5b-d9cb-469f-a165-70867728950e'], description: `1 to ${BATCH_MAX} order ids` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BATCH_MAX)
  @IsUUID('all', { each: true })
  ids!: string[];
}

/** An order as the examples show it (every member OrderDto requires). */
const EXAMPLE_ORDER = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  clientOrderId: null,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  reduceOnly: false,
  price: '95000.0',
  quantity: '0.01000',
  filledQuantity: '0.00000',
  remainingQuantity: '0.01000',
  averagePrice: null,
  filledQuote: '0.000000',
  fee: '0.000000',
  feeAsset: 'USDT',
  status: 'NEW',
  reason: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
};

const PLACE_ITEM_CODES =
  '400 INVALID_PRICE, INVALID_QUANTITY, PRICE_REQUIRED, PRICE_NOT_ALLOWED, INVALID_TIME_IN_FORCE, QUANTITY_BELOW_MINIMUM, NOTIONAL_BELOW_MINIMUM, REDUCE_ONLY_NOT_ALLOWED; ' +
  '403 ACCOUNT_SUSPENDED; 404 MARKET_NOT_FOUND; 409 CLIENT_ORDER_ID_CONFLICT, MARKET_HALTED, MARKET_CLOSE_ONLY, NO_MARK_PRICE; ' +
  '422 INSUFFICIENT_BALANCE, INSUFFICIENT_MARGIN, REDUCE_ONLY_WOULD_INCREASE, BEYOND_BANKRUPTCY_PRICE, PRICE_OUT_OF_BAND, POST_ONLY_WOULD_TAKE, TOO_MANY_OPEN_ORDERS; ' +
  '429 TOO_MANY_PENDING_ORDERS; 503 MARKET_BUSY, OUTCOME_UNKNOWN, DATABASE_UNAVAILABLE';

export class BatchPlaceResultDto {
  @ApiProperty({ example: 201, description: 'What POST /orders would have answered for this order: 201 placed, 200 its clientOrderId names this same order already, else the problem\'s status' })
  status!: number;
  @ApiPropertyOptional({ type: PlacedOrderDto, description: 'The order and its fills (status 200 or 201)' }) order?: PlacedOrderDto;
  @ApiPropertyOptional({ type: ProblemDto, description: `Why this order was not placed (RFC 9457), its code one of: ${PLACE_ITEM_CODES}` }) problem?: ProblemDto;
}

export class BatchPlaceResponseDto {
  @ApiProperty({
    type: [BatchPlaceResultDto],
    description: 'One result per order, in the order of the request',
    example: [
      { status: 201, order: { ...EXAMPLE_ORDER, fills: [] } },
      { status: 400, problem: { type: 'urn:exchange:problem:INVALID_PRICE', title: 'Invalid price', status: 400, detail: 'price must be a multiple of the tick size', code: 'INVALID_PRICE' } },
      { status: 422, problem: { type: 'urn:exchange:problem:INSUFFICIENT_BALANCE', title: 'Insufficient balance', status: 422, detail: 'Insufficient balance', code: 'INSUFFICIENT_BALANCE', available: '10.000000', required: '950.950000' } },
    ],
  })
  results!: BatchPlaceResultDto[];
}

export class BatchCancelResultDto {
  @ApiProperty({ example: 200, description: 'What DELETE /orders/{id} would have answered for this id: 200 cancelled, else the problem\'s status' }) status!: number;
  @ApiPropertyOptional({ type: OrderDto, description: 'The cancelled order (status 200)' }) order?: OrderDto;
  @ApiPropertyOptional({ type: ProblemDto, description: 'Why this order was not cancelled (RFC 9457), its code one of: 404 ORDER_NOT_FOUND (not yours, or no such order); 409 ORDER_NOT_OPEN; 503 MARKET_BUSY, OUTCOME_UNKNOWN, DATABASE_UNAVAILABLE' })
  problem?: ProblemDto;
}

export class BatchCancelResponseDto {
  @ApiProperty({
    type: [BatchCancelResultDto],
    description: 'One result per id, in the order of the request',
    example: [
      { status: 200, order: { ...EXAMPLE_ORDER, status: 'CANCELED', reason: 'CANCELED_BY_REQUEST', remainingQuantity: '0.00000', updatedAt: '2026-11-21T10:05:00.000Z' } },
      { status: 404, problem: { type: 'urn:exchange:problem:ORDER_NOT_FOUND', title: 'Order not found', status: 404, detail: 'Order not found', code: 'ORDER_NOT_FOUND' } },
    ],
  })
  results!: BatchCancelResultDto[];
}

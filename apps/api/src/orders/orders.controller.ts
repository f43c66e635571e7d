import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { AmendOrderCommand, CancelAllOrdersCommand, CancelOrderCommand, GetOrderQuery, ListFillsQuery, ListOrdersQuery, PlaceOrderCommand, PreviewOrderQuery } from '@lib/orders';
import type { CancelAllResult, FillPage, OrderPage, OrderPreviewView, OrderView, PlacedOrderView } from '@lib/orders';
import { isUuid } from '@lib/kernel';
import { requestHash } from '@lib/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { idempotencyKeyOf, keyReused, sendReplay } from '../http/idempotency.interceptor';
import { AmendOrderDto, FillsQueryDto, OpenOrdersQueryDto, OrdersQueryDto, PlaceOrderDto, SymbolQueryDto } from './order-requests.dto';
import { CancelAllDto, FillPageDto, OrderDto, OrderPageDto, PlacedOrderDto } from './order-responses.dto';
import { OrderPreviewDto } from './order-preview.dto';
import { ApiKeyPermission } from '@lib/auth';

const PLACE_PROBLEMS = {
  400: ['VALIDATION_FAILED', 'REDUCE_ONLY_NOT_ALLOWED', 'TRIGGER_PRICE_REQUIRED', 'CALLBACK_RATE_REQUIRED', 'INVALID_CALLBACK_RATE', 'TRIGGER_NOT_ALLOWED', 'INVALID_GOOD_TILL_DATE', 'INVALID_CLOSE_POSITION', 'INVALID_PRICE', 'INVALID_QUANTITY', 'PRICE_REQUIRED', 'PRICE_NOT_ALLOWED', 'INVALID_TIME_IN_FORCE', 'QUANTITY_BELOW_MINIMUM', 'NOTIONAL_BELOW_MINIMUM', 'INVALID_IDEMPOTENCY_KEY'],
  404: ['MARKET_NOT_FOUND'],
  409: ['CLIENT_ORDER_ID_CONFLICT', 'MARKET_HALTED', 'MARKET_CLOSE_ONLY', 'NO_MARK_PRICE', 'NO_LAST_PRICE'],
  422: ['ORDER_WOULD_TRIGGER_IMMEDIATELY', 'NO_POSITION', 'INSUFFICIENT_BALANCE', 'INSUFFICIENT_MARGIN', 'REDUCE_ONLY_WOULD_INCREASE', 'BEYOND_BANKRUPTCY_PRICE', 'PRICE_OUT_OF_BAND', 'POST_ONLY_WOULD_TAKE', 'TOO_MANY_OPEN_ORDERS', 'IDEMPOTENCY_KEY_REUSED'],
  429: ['TOO_MANY_PENDING_ORDERS'],
  503: ['MARKET_BUSY', 'OUTCOME_UNKNOWN'],
};

const PREVIEW_PROBLEMS = {
  400: PLACE_PROBLEMS[400].filter((code) => code !== 'INVALID_IDEMPOTENCY_KEY'),
  404: ['MARKET_NOT_FOUND'],
  409: ['CLIENT_ORDER_ID_CONFLICT', 'MARKET_HALTED', 'MARKET_CLOSE_ONLY', 'NO_MARK_PRICE'],
  422: ['REDUCE_ONLY_WOULD_INCREASE', 'PRICE_OUT_OF_BAND', 'POST_ONLY_WOULD_TAKE', 'TOO_MANY_OPEN_ORDERS'],
  429: ['TOO_MANY_PENDING_ORDERS'],
  503: ['MARKET_BUSY'],
};

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@KeyPermission(ApiKeyPermission.TRADE)
@Controller({ version: '1' })
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders')
  @ApiOperation({
    summary: 'Place an order on a spot or perpetual market (MARKET or LIMIT; GTC, IOC, FOK, POST_ONLY; reduceOnly on perpetuals)',
    description:
      'Perpetual markets (BTC-PERP, ...) trade against the MARGIN account: the part of the order that opens or adds to the position ' +
      'holds its initial margin (notional at its price / your leverage) plus the fee at the higher rate, which must fit your ' +
      'available margin (422 INSUFFICIENT_MARGIN); the part that reduces the position holds nothing (docs/positions.md). ' +
      'Spot funds are held at once: what the order can at most spend (a LIMIT buy: price x quantity plus the fee at the higher rate; ' +
      'a MARKET buy: the asks it can take now, up to the band\'s edge and not past the buyer\'s own first ask, plus the taker fee; ' +
      'a sell: the base quantity). Orders are matched by price-time priority at the makers\' prices. 201 with the order and its ' +
      'fills. A clientOrderId already used is decided ' +
      'before any other check: the same order (symbol, side, type, timeInForce, price, quantity) is answered 200 with the existing ' +
      'order, another one is 409 CLIENT_ORDER_ID_CONFLICT. Concurrent duplicates (one clientOrderId or Idempotency-Key) collapse ' +
      'onto the first and are answered from it. Each user has a share of each market (ORDERS_MAX_QUEUED_PER_USER orders at a ' +
      'time, paced): the rest wait their turn, and past what may wait the answer is 429 TOO_MANY_PENDING_ORDERS with Retry-After. ' +
      'A MARKET order trades only within the price band around the mark price; the rest expires.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A repeat with the same key and body replays the first response (header `Idempotent-Replayed: true`); another body is 422.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_.:-]+$' },
  })
  @ApiCreatedResponse({ type: PlacedOrderDto, description: 'Placed' })
  @ApiOkResponse({ type: PlacedOrderDto, description: 'The clientOrderId names this same order already: the existing order, with its fills' })
  @ApiProblems(PLACE_PROBLEMS)
  async place(
    @CurrentUser() user: Principal,
    @Body() body: PlaceOrderDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlacedOrderView | string | undefined> {
    const key = idempotencyKeyOf(request, false);
    // The key is claimed inside the market's turn (see PlaceOrderCommand), not around it as the interceptor would.
    const idempotency = key === undefined ? undefined : { key, requestHash: requestHash('POST', request.url.split('?')[0] ?? request.url, request.body) };
    const outcome = await this.commands.execute(new PlaceOrderCommand({ userId: user.userId, ...body }, idempotency));
    switch (outcome.kind) {
      case 'placed':
        void reply.code(outcome.result.created ? 201 : 200);
        return outcome.result.order;
      case 'replayed':
        return sendReplay(reply, { statusCode: outcome.statusCode, body: outcome.body });
      case 'key-reused':
        throw keyReused();
    }
  }

  @Post('orders/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What an order would do if placed now: its hold, fee, what the book would fill, and on perpetuals the position after it',
    description:
      'The same body and the same checks as POST /orders (same error codes), on the market\'s book between batches and your balances as ' +
      'committed; nothing is placed, held or written. A shortfall is no error here: `sufficient` (spot) and `marginOk` (perpetuals) say ' +
      'whether placing would pass the funds check. Perpetuals also answer `maxQuantity`, the largest quantity of this side at this price ' +
      'you could place now, and the `position` after the order filled in full, with its liquidation price. Takes your share of the ' +
      'market like an order (429 TOO_MANY_PENDING_ORDERS) and counts against the reads budget.',
  })
  @ApiOkResponse({ type: OrderPreviewDto })
  @ApiProblems(PREVIEW_PROBLEMS)
  preview(@CurrentUser() user: Principal, @Body() body: PlaceOrderDto): Promise<OrderPreviewView> {
    return this.queries.execute(new PreviewOrderQuery({ userId: user.userId, ...body }));
  }

  @Get('orders')
  @ApiOperation({ summary: 'Open orders (UNTRIGGERED, NEW, PARTIALLY_FILLED), newest first; `untriggered` filters the conditional ones waiting for their trigger' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'], 404: ['MARKET_NOT_FOUND'] })
  open(@CurrentUser() user: Principal, @Query() query: OpenOrdersQueryDto): Promise<OrderPage> {
    return this.queries.execute(new ListOrdersQuery(user.userId, {
        open: true,
        ...(query.untriggered === undefined ? {} : { untriggered: query.untriggered === 'true' }),
        symbol: query.symbol,
        cursor: query.cursor,
        limit: query.limit ?? 200,
      }));
  }

  @Get('orders/history')
  @ApiOperation({ summary: 'All orders, newest first: filters symbol, status, from, to; cursor pagination' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'], 404: ['MARKET_NOT_FOUND'] })
  history(@CurrentUser() user: Principal, @Query() query: OrdersQueryDto): Promise<OrderPage> {
    return this.queries.execute(
      new ListOrdersQuery(user.userId, {
        symbol: query.symbol,
        status: query.status,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
        cursor: query.cursor,
        limit: query.limit ?? 50,
      }),
    );
  }

  @Get('orders/:id')
  @ApiOperation({ summary: 'One order by id or clientOrderId, with its fills' })
  @ApiOkResponse({ type: PlacedOrderDto })
  @ApiProblems({ 404: ['ORDER_NOT_FOUND'] })
  get(@CurrentUser() user: Principal, @Param('id') id: string): Promise<PlacedOrderView> {
    return this.queries.execute(new GetOrderQuery(user.userId, id));
  }

  @Patch('orders/:id')
  @ApiOperation({
    summary: 'Amend an open LIMIT order: price and/or total quantity',
    description:
      'A smaller quantity at the same price keeps priority; a new price or a larger quantity goes to the back of the level (and a new price may trade at once). ' +
      'The hold is recomputed for the rest (change kept from earlier fills is released); the minimum quantity and notional apply to the new total, ' +
      'which must be above what has filled. An amend that changes nothing answers the order as it is and changes nothing.',
  })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'REDUCE_ONLY_NOT_ALLOWED', 'INVALID_PRICE', 'INVALID_QUANTITY', 'INVALID_AMEND', 'QUANTITY_BELOW_MINIMUM', 'NOTIONAL_BELOW_MINIMUM'],
    404: ['ORDER_NOT_FOUND'],
    409: ['ORDER_NOT_OPEN'],
    422: ['INSUFFICIENT_BALANCE', 'PRICE_OUT_OF_BAND', 'POST_ONLY_WOULD_TAKE'],
  })
  amend(@CurrentUser() user: Principal, @Param('id') id: string, @Body() body: AmendOrderDto): Promise<OrderView> {
    return this.commands.execute(new AmendOrderCommand(user.userId, id, body.price, body.quantity));
  }

  @Delete('orders/:id')
  @ApiOperation({ summary: 'Cancel an open order (by id or clientOrderId); the unused hold is released' })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems({ 404: ['ORDER_NOT_FOUND'], 409: ['ORDER_NOT_OPEN'] })
  cancel(@CurrentUser() user: Principal, @Param('id') id: string): Promise<OrderView> {
    return this.commands.execute(new CancelOrderCommand(user.userId, id));
  }

  @Delete('orders')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel all open orders, of one market (?symbol=) or all' })
  @ApiOkResponse({ type: CancelAllDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['MARKET_NOT_FOUND'] })
  cancelAll(@CurrentUser() user: Principal, @Query() query: SymbolQueryDto): Promise<CancelAllResult> {
    return this.commands.execute(new CancelAllOrdersCommand(user.userId, query.symbol));
  }

  @Get('fills')
  @ApiOperation({ summary: 'The user\'s fills (trades), newest first: filters symbol, orderId; cursor pagination' })
  @ApiOkResponse({ type: FillPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'], 404: ['MARKET_NOT_FOUND'] })
  fills(@CurrentUser() user: Principal, @Query() query: FillsQueryDto): Promise<FillPage> {
    return this.queries.execute(new ListFillsQuery(user.userId, { symbol: query.symbol, orderId: validUuid(query.orderId), cursor: query.cursor, limit: query.limit ?? 50 }));
  }
}

/** A malformed order id filter matches nothing rather than erroring in SQL. */
function validUuid(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
}

import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { CancelOrderListCommand, GetOrderListQuery, OrdersError, OrdersErrorCode, PlaceOrderListCommand, type OrderListView } from '@lib/orders';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { OrderListDto, PlaceOrderListDto } from './order-lists.dto';
import { ApiKeyPermission } from '@lib/auth';

const LIST_PROBLEMS = {
  400: ['VALIDATION_FAILED', 'INVALID_ORDER_LIST', 'REDUCE_ONLY_NOT_ALLOWED', 'TRIGGER_PRICE_REQUIRED', 'CALLBACK_RATE_REQUIRED', 'INVALID_CALLBACK_RATE', 'TRIGGER_NOT_ALLOWED', 'INVALID_GOOD_TILL_DATE', 'INVALID_CLOSE_POSITION', 'INVALID_PRICE', 'INVALID_QUANTITY', 'PRICE_REQUIRED', 'PRICE_NOT_ALLOWED', 'INVALID_TIME_IN_FORCE', 'QUANTITY_BELOW_MINIMUM', 'NOTIONAL_BELOW_MINIMUM'],
  404: ['MARKET_NOT_FOUND'],
  409: ['LIST_CLIENT_ID_CONFLICT', 'MARKET_HALTED', 'MARKET_CLOSE_ONLY', 'NO_MARK_PRICE', 'NO_LAST_PRICE'],
  422: ['ORDER_WOULD_TRIGGER_IMMEDIATELY', 'NO_POSITION', 'INSUFFICIENT_BALANCE', 'INSUFFICIENT_MARGIN', 'REDUCE_ONLY_WOULD_INCREASE', 'PRICE_OUT_OF_BAND', 'POST_ONLY_WOULD_TAKE', 'TOO_MANY_OPEN_ORDERS'],
  429: ['TOO_MANY_PENDING_ORDERS'],
};

/** An id that is not a uuid names no list. */
const listId = new ParseUUIDPipe({ exceptionFactory: () => new OrdersError(OrdersErrorCode.ORDER_LIST_NOT_FOUND, 'Order list not found') });

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@KeyPermission(ApiKeyPermission.TRADE)
@Controller({ version: '1' })
export class OrderListsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('order-lists')
  @ApiOperation({
    summary: 'Place an order list: OCO, bracket or OTO (docs/conditional-orders.md, "Order lists")',
    description:
      'Every order of the list is checked as a single order would be (a bracket\'s legs at the entry\'s quantity), then what is placed now (an OCO\'s two legs, a bracket\'s entry, ' +
      'an OTO\'s working order) is placed in one step. On spot, an OCO\'s legs share one hold: the first holds what it needs, the second only what it needs beyond that. ' +
      'The list and its orders emit `orderList` and `order` events on /user.',
  })
  @ApiCreatedResponse({ type: OrderListDto })
  @ApiProblems(LIST_PROBLEMS)
  place(@CurrentUser() user: Principal, @Body() body: PlaceOrderListDto): Promise<OrderListView> {
    return this.commands.execute(new PlaceOrderListCommand({ userId: user.userId, ...body }));
  }

  @Get('order-lists/:id')
  @ApiOperation({ summary: 'One of your order lists, with its orders and what it has still to place' })
  @ApiOkResponse({ type: OrderListDto })
  @ApiProblems({ 404: ['ORDER_LIST_NOT_FOUND'] })
  get(@CurrentUser() user: Principal, @Param('id', listId) id: string): Promise<OrderListView> {
    return this.queries.execute(new GetOrderListQuery(user.userId, id));
  }

  @Delete('order-lists/:id')
  @ApiOperation({ summary: 'Cancel an order list: every live order of it cancelled (holds released), nothing more placed; answers the list as it is then' })
  @ApiOkResponse({ type: OrderListDto })
  @ApiProblems({ 404: ['ORDER_LIST_NOT_FOUND'] })
  cancel(@CurrentUser() user: Principal, @Param('id', listId) id: string): Promise<OrderListView> {
    return this.commands.execute(new CancelOrderListCommand(user.userId, id));
  }
}

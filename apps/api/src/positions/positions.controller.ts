import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { ChangeLeverageCommand, ChangeMarginModeCommand, MoveIsolatedMarginCommand, OrderSide, OrderType, PlaceOrderCommand } from '@lib/orders';
import type { PlacedOrderView } from '@lib/orders';
import { GetAdlRanksQuery } from '@lib/risk';
import { AccountMarginView, ClosedPositionViewPage, GetAccountMarginQuery, GetPositionHistoryQuery, GetPositionsQuery, PositionView, PositionsError, PositionsErrorCode } from '@lib/positions';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { PlacedOrderDto } from '../orders/order-responses.dto';
import { ChangeLeverageDto, ChangeMarginModeDto, MoveMarginDto, PositionHistoryQueryDto } from './position-requests.dto';
import { AccountMarginDto, ClosedPositionPageDto, PositionDto } from './position-responses.dto';
import { ApiKeyPermission } from '@lib/auth';

/** A position read: the market's answers, and 503 before the feed has priced it. */
const READ_PROBLEMS = { 400: ['VALIDATION_FAILED', 'MARKET_NOT_PERPETUAL'], 404: ['MARKET_NOT_FOUND'], 503: ['MARK_PRICE_UNAVAILABLE'] };
/** The settings commands (orders context), then the position read after them. */
const SETTINGS_PROBLEMS = {
  400: ['VALIDATION_FAILED', 'MARKET_NOT_PERPETUAL', 'INVALID_LEVERAGE'],
  404: ['MARKET_NOT_FOUND'],
  422: ['INSUFFICIENT_MARGIN', 'MARGIN_MODE_LOCKED', 'NOT_ISOLATED', 'NO_POSITION'],
  429: ['TOO_MANY_PENDING_ORDERS'],
  503: ['MARK_PRICE_UNAVAILABLE', 'MARKET_BUSY', 'OUTCOME_UNKNOWN'],
};
const CLOSE_PROBLEMS = {
  400: ['VALIDATION_FAILED', 'MARKET_NOT_PERPETUAL'],
  404: ['MARKET_NOT_FOUND'],
  409: ['MARKET_HALTED', 'NO_MARK_PRICE'],
  422: ['NO_POSITION', 'REDUCE_ONLY_WOULD_INCREASE', 'PRICE_OUT_OF_BAND'],
  429: ['TOO_MANY_PENDING_ORDERS'],
  503: ['MARK_PRICE_UNAVAILABLE', 'MARKET_BUSY', 'OUTCOME_UNKNOWN'],
};

/** Always the caller's own positions: every query and command takes the caller's user id, there is none in any route. */
@ApiTags('positions')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@KeyPermission(ApiKeyPermission.TRADE)
@Controller({ version: '1' })
export class PositionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('positions')
  @ApiOperation({ summary: 'Open perpetual positions (one per market, not flat), valued at the mark', description: 'Amounts in the settlement asset; docs/positions.md has the arithmetic.' })
  @ApiOkResponse({ type: [PositionDto] })
  @ApiProblems({ 503: ['MARK_PRICE_UNAVAILABLE'] })
  async list(@CurrentUser() user: Principal): Promise<RankedPositionView[]> {
    const [positions, ranks] = await Promise.all([this.queries.execute(new GetPositionsQuery(user.userId)), this.queries.execute(new GetAdlRanksQuery(user.userId))]);
    return positions.map((p) => withRank(p, ranks));
  }

  @Get('positions/history')
  @ApiOperation({ summary: 'Closed positions (each life from open to flat), newest first: filter symbol; cursor pagination' })
  @ApiOkResponse({ type: ClosedPositionPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR', 'MARKET_NOT_PERPETUAL'], 404: ['MARKET_NOT_FOUND'] })
  history(@CurrentUser() user: Principal, @Query() query: PositionHistoryQueryDto): Promise<ClosedPositionViewPage> {
    return this.queries.execute(new GetPositionHistoryQuery(user.userId, { symbol: query.symbol, cursor: query.cursor, limit: query.limit ?? 50 }));
  }

  @Get('positions/:symbol')
  @ApiOperation({ summary: 'Your position on one perpetual market, flat or not, with its settings (without one yet: leverage 10, CROSS)' })
  @ApiOkResponse({ type: PositionDto })
  @ApiProblems(READ_PROBLEMS)
  async get(@CurrentUser() user: Principal, @Param('symbol') symbol: string): Promise<RankedPositionView> {
    const [position, ranks] = await Promise.all([this.position(user.userId, symbol), this.queries.execute(new GetAdlRanksQuery(user.userId))]);
    return withRank(position, ranks);
  }

  @Post('positions/:symbol/leverage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set the leverage of a perpetual market (1 to its maxLeverage)',
    description: 'Applies to the position and new orders (open orders keep their holds). Refused 422 INSUFFICIENT_MARGIN when the margin it needs is not there. Answers the position after it.',
  })
  @ApiOkResponse({ type: PositionDto })
  @ApiProblems(SETTINGS_PROBLEMS)
  async leverage(@CurrentUser() user: Principal, @Param('symbol') symbol: string, @Body() body: ChangeLeverageDto): Promise<PositionView> {
    await this.commands.execute(new ChangeLeverageCommand(user.userId, symbol, body.leverage));
    return this.position(user.userId, symbol);
  }

  @Post('positions/:symbol/margin-mode')
  @HttpCode(200)
  @ApiOperation({ summary: 'CROSS or ISOLATED on a perpetual market', description: 'Only with no position and no open order there (422 MARGIN_MODE_LOCKED). Answers the position after it.' })
  @ApiOkResponse({ type: PositionDto })
  @ApiProblems(SETTINGS_PROBLEMS)
  async marginMode(@CurrentUser() user: Principal, @Param('symbol') symbol: string, @Body() body: ChangeMarginModeDto): Promise<PositionView> {
    await this.commands.execute(new ChangeMarginModeCommand(user.userId, symbol, body.mode));
    return this.position(user.userId, symbol);
  }

  @Post('positions/:symbol/margin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add margin to an isolated position, or remove some',
    description: 'ADD moves it from the MARGIN account\'s available cash; REMOVE gives it back, keeping at least the initial margin at the mark after an unrealized loss. 422 NOT_ISOLATED on a cross position. Answers the position after it.',
  })
  @ApiOkResponse({ type: PositionDto })
  @ApiProblems(SETTINGS_PROBLEMS)
  async margin(@CurrentUser() user: Principal, @Param('symbol') symbol: string, @Body() body: MoveMarginDto): Promise<PositionView> {
    await this.commands.execute(new MoveIsolatedMarginCommand(user.userId, symbol, body.amount, body.type));
    return this.position(user.userId, symbol);
  }

  @Post('positions/:symbol/close')
  @ApiOperation({
    summary: 'Close all of a position at the market',
    description:
      'Places a MARKET reduce-only order for the whole position on the opposite side (as POST /orders would); 201 with the order and its fills. ' +
      'It trades within the price band around the mark; what the book cannot take there expires (the position is then only reduced). ' +
      '422 NO_POSITION when flat; 422 REDUCE_ONLY_WOULD_INCREASE when your other open reduce-only orders already cover part of it.',
  })
  @ApiCreatedResponse({ type: PlacedOrderDto })
  @ApiProblems(CLOSE_PROBLEMS)
  async close(@CurrentUser() user: Principal, @Param('symbol') symbol: string): Promise<PlacedOrderView> {
    const position = await this.position(user.userId, symbol);
    if (position.side === 'FLAT') throw new PositionsError(PositionsErrorCode.NO_POSITION, `There is no position on ${position.symbol} to close`, { symbol: position.symbol });
    const side = position.side === 'LONG' ? OrderSide.SELL : OrderSide.BUY;
    const outcome = await this.commands.execute(new PlaceOrderCommand({ userId: user.userId, symbol: position.symbol, side, type: OrderType.MARKET, quantity: position.size, reduceOnly: true }));
    if (outcome.kind !== 'placed') throw new Error(`a close without an idempotency key answered ${outcome.kind}`);
    return outcome.result.order;
  }

  @Get('account/margin')
  @ApiOperation({
    summary: 'Margin figures per settlement asset that has a MARGIN balance or a position',
    description: 'walletBalance, unrealizedPnl, marginBalance, initialMargin, maintenanceMargin, available (for new orders), transferable (out of MARGIN) and marginRatio, at the marks now.',
  })
  @ApiOkResponse({ type: [AccountMarginDto] })
  @ApiProblems({ 503: ['MARK_PRICE_UNAVAILABLE'] })
  accountMargin(@CurrentUser() user: Principal): Promise<AccountMarginView[]> {
    return this.queries.execute(new GetAccountMarginQuery(user.userId));
  }

  private async position(userId: string, symbol: string): Promise<PositionView> {
    const [view] = await this.queries.execute(new GetPositionsQuery(userId, symbol));
    return view!;
  }
}

/** A position with its ADL rank (1-5, 5 first in line; null when flat), from the risk context. */
export type RankedPositionView = PositionView & { readonly adlRank: number | null };

function withRank(position: PositionView, ranks: ReadonlyMap<string, number>): RankedPositionView {
  return { ...position, adlRank: position.side === 'FLAT' ? null : (ranks.get(position.symbol) ?? 1) };
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { CreateMarketCommand, GetFeedStatusQuery, SetFeedPausedCommand, ListMarketAuditQuery, ShockIndexCommand, ShockPriceCommand, UpdateMarketCommand } from '@lib/market';
import type { FeedControlView, FeedStatusView, InstrumentView, MarketAuditEntryView, PercentShockView, PriceShockView } from '@lib/market';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AuditQueryDto, CreateMarketDto, SetFeedPausedDto, ShockIndexDto, ShockPriceDto, UpdateMarketDto } from './market-requests.dto';
import { FeedControlDto, FeedStatusDto, InstrumentDto, MarketAuditEntryDto, PercentShockDto, PriceShockDto } from './market-responses.dto';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/markets', version: '1' })
export class AdminMarketsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'List a new market',
    description: 'Base and quote must be wallet assets. Sizes are exact decimal strings: the tick size\'s decimals become the price scale, the step size\'s the quantity scale. Audited.',
  })
  @ApiCreatedResponse({ type: InstrumentDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_MARKET_SPEC'], 409: ['MARKET_EXISTS'] })
  create(@CurrentUser() admin: Principal, @Body() body: CreateMarketDto): Promise<InstrumentView> {
    return this.commands.execute(new CreateMarketCommand(admin.userId, { ...body, maintenanceMarginTiers: body.maintenanceMarginTiers.map((t) => ({ ...t })) }));
  }

  @Patch(':symbol')
  @ApiOperation({
    summary: 'Halt, reopen or re-parameterise a market',
    description: 'Status (TRADING, HALTED, CLOSE_ONLY), fees, max leverage, price band, maintenance tiers. Every effective change is audited with the admin, before and after.',
  })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT' })
  @ApiOkResponse({ type: InstrumentDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_MARKET_SPEC'], 404: ['MARKET_NOT_FOUND'] })
  update(@CurrentUser() admin: Principal, @Param('symbol') symbol: string, @Body() body: UpdateMarketDto): Promise<InstrumentView> {
    return this.commands.execute(
      new UpdateMarketCommand(admin.userId, symbol, { ...body, maintenanceMarginTiers: body.maintenanceMarginTiers?.map((t) => ({ ...t })) }),
    );
  }

  @Post(':symbol/price')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Move a market\'s simulated price at once (demos and tests)',
    description:
      'The feed leader\'s next tick (whichever instance leads: the request is stored in the database) publishes the price as the index of ' +
      'this market and of every market on the same underlying (BTC-USDT and BTC-PERP move together; a spot mark is its index, a perpetual\'s ' +
      'follows its formula), and the random walk continues from it. A newer shock of the underlying replaces a pending one. ' +
      'Poll GET /markets/:symbol/mark-price to see it. With the feed disabled nothing is published. Audited (PRICE_SHOCK).',
  })
  @ApiParam({ name: 'symbol', example: 'BTC-PERP' })
  @ApiAcceptedResponse({ type: PriceShockDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_MARKET_SPEC'],
    404: ['MARKET_NOT_FOUND'],
    409: ['PRICE_SOURCE_NOT_SIMULATED'],
    429: ['RATE_LIMITED'],
    503: ['DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'],
  })
  shockPrice(@CurrentUser() admin: Principal, @Param('symbol') symbol: string, @Body() body: ShockPriceDto): Promise<PriceShockView> {
    return this.commands.execute(new ShockPriceCommand(admin.userId, symbol, body.price));
  }

  @Post(':symbol/price-shock')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Move the index of a market\'s underlying by a percent, linearly over a span (demos and tests)',
    description:
      'Every market on the same underlying (same base and quote asset: BTC-USDT and BTC-PERP) moves together: from the symbol\'s current index ' +
      '(fromIndex) to fromIndex x (1 + percent / 100) rounded half up to the tick (toIndex), in whole ticks on each feed tick, reaching toIndex ' +
      'at endsAt; the random walk continues from there. Perpetual marks follow their formula (docs/risk.md). The request is stored, so whichever ' +
      'instance leads the feed applies it; a newer shock on the same underlying replaces it. Simulated source only (409 PRICE_SOURCE_NOT_SIMULATED). ' +
      'Audited (PRICE_SHOCK, details {from, to, percent, overSeconds}).',
  })
  @ApiParam({ name: 'symbol', example: 'BTC-PERP' })
  @ApiAcceptedResponse({ type: PercentShockDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_MARKET_SPEC'],
    404: ['MARKET_NOT_FOUND'],
    409: ['PRICE_SOURCE_NOT_SIMULATED'],
    429: ['RATE_LIMITED'],
    503: ['MARK_PRICE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'],
  })
  shockIndex(@CurrentUser() admin: Principal, @Param('symbol') symbol: string, @Body() body: ShockIndexDto): Promise<PercentShockView> {
    return this.commands.execute(new ShockIndexCommand(admin.userId, symbol, body.percent, body.overSeconds));
  }

  @Get('audit')
  @ApiOperation({ summary: 'Admin changes of the catalog, newest first' })
  @ApiOkResponse({ type: [MarketAuditEntryDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  audit(@Query() query: AuditQueryDto): Promise<MarketAuditEntryView[]> {
    return this.queries.execute(new ListMarketAuditQuery(query.limit ?? 50, query.symbol));
  }

  @Get('feed')
  @ApiOperation({ summary: 'The price feed as this instance sees it: does it lead, ticks, last tick' })
  @ApiOkResponse({ type: FeedStatusDto })
  feed(): Promise<FeedStatusView> {
    return this.queries.execute(new GetFeedStatusQuery());
  }

  @Put('feed')
  @ApiOperation({
    summary: 'Pause or resume the price feed',
    description:
      'Stored in the database: whichever instance leads the feed stops pricing at its next tick (prices age, and after ALERT_FEED_STALE_MS the ' +
      'STALE_FEED alert is raised per market) and starts again when resumed. Setting what is set already changes nothing. Audited (FEED_PAUSED / FEED_RESUMED, with the reason).',
  })
  @ApiOkResponse({ type: FeedControlDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  setFeed(@CurrentUser() admin: Principal, @Body() body: SetFeedPausedDto): Promise<FeedControlView> {
    return this.commands.execute(new SetFeedPausedCommand(admin.userId, body.paused, body.reason));
  }
}

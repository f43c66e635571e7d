import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import {
  CandleInterval,
  CreateMarketCommand,
  GetFeedStatusQuery,
  ImportCandlesCommand,
  ListMarketAuditQuery,
  MAX_IMPORT_PROBLEMS,
  MAX_IMPORT_ROWS,
  SetFeedPausedCommand,
  ShockIndexCommand,
  ShockPriceCommand,
  UpdateMarketCommand,
} from '@lib/market';
import type { CandleImportView, FeedControlView, FeedStatusView, InstrumentView, MarketAuditEntryView, PercentShockView, PriceShockView } from '@lib/market';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AuditQueryDto, CreateMarketDto, SetFeedPausedDto, ShockIndexDto, ShockPriceDto, UpdateMarketDto } from './market-requests.dto';
import { FeedControlDto, FeedStatusDto, InstrumentDto, MarketAuditEntryDto, PercentShockDto, PriceShockDto } from './market-responses.dto';
import { CANDLE_CSV_EXAMPLE, CandleImportDto, CandleImportQueryDto } from './price-history.dto';

/** The route that takes a text/csv body (useCsvBodyParser), as Fastify names it. */
export const CANDLE_IMPORT_ROUTE = '/api/v1/admin/markets/:symbol/candles/import';

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

  @Post(':symbol/candles/import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import real candles of a market from a CSV file',
    description:
      'Body: text/csv (at most 10 MiB and ' + MAX_IMPORT_ROWS + ' rows) with the header `openTime,open,high,low,close[,volume]`; openTime is ISO 8601 ' +
      'with a time zone (or a bare date: midnight UTC) or epoch milliseconds, the start of an `interval` bucket (UTC), not in the future; prices are ' +
      'positive decimals at the market\'s price scale, on its tick grid, with low <= min(open, close) and high >= max(open, close); an open time ' +
      'appears once. One bad row refuses the whole file (400 INVALID_CANDLE_IMPORT with `rows`, `invalidRows` and `problems`: the first ' +
      MAX_IMPORT_PROBLEMS + ' bad rows as {line, field?, reason, message}, line 1 being the header) and nothing is written. A re-import replaces ' +
      'the candles of the same buckets. Imported candles win over live and synthetic ones in GET /markets/:symbol/history (1-minute imports also ' +
      'serve coarser reads, rolled up). Audited (CANDLES_IMPORTED, with the file\'s SHA-256).',
  })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT' })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: CANDLE_CSV_EXAMPLE } })
  @ApiOkResponse({ type: CandleImportDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_CANDLE_IMPORT'],
    404: ['MARKET_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    429: ['RATE_LIMITED'],
    503: ['DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'],
  })
  importCandles(@CurrentUser() admin: Principal, @Param('symbol') symbol: string, @Query() query: CandleImportQueryDto, @Body() csv: unknown): Promise<CandleImportView> {
    // The CSV parser gives a string; any other type (JSON) reached its own parser.
    if (typeof csv !== 'string') throw new UnsupportedMediaTypeException('Send the candles as text/csv');
    return this.commands.execute(new ImportCandlesCommand(admin.userId, symbol, query.interval ?? CandleInterval.M1, csv));
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

import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CandleInterval,
  GetHistoryCandlesQuery,
  GetKlinesQuery,
  GetMarketQuery,
  GetPriceQuery,
  ListMarketsQuery,
  ListMoversQuery,
  MoverRanking,
  PriceType,
} from '@lib/market';
import type { KlinesView, MarketView, PriceHistoryView, PriceView } from '@lib/market';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { parseTime } from '../http/parse-time';
import { GetTradeCandlesQuery, TRADE_CANDLE_INTERVALS } from '@lib/orders';
import type { TradeCandleView } from '@lib/orders';
import { KlinesQueryDto, LimitQueryDto, SearchQueryDto, TRADES_SOURCE } from './market-requests.dto';
import { KlinesDto, MarketDto, PriceDto } from './market-responses.dto';
import { HISTORY_RANGE_DOC, PriceHistoryDto, PriceHistoryQueryDto } from './price-history.dto';

const SYMBOL_PARAM = { name: 'symbol', example: 'BTC-USDT', description: 'Case-insensitive' };

@ApiTags('markets')
@Public()
@Controller({ path: 'markets', version: '1' })
export class MarketsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every market with its ticker (index, mark, 24 h open/high/low/change)', description: '`last` is null until trading exists.' })
  @ApiOkResponse({ type: [MarketDto] })
  list(): Promise<MarketView[]> {
    return this.queries.execute(new ListMarketsQuery());
  }

  @Get('search')
  @ApiOperation({ summary: 'Markets whose symbol, name, base or quote asset contains q (case-insensitive)' })
  @ApiOkResponse({ type: [MarketDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  search(@Query() query: SearchQueryDto): Promise<MarketView[]> {
    return this.queries.execute(new ListMarketsQuery(query.q));
  }

  @Get('trending')
  @ApiOperation({ summary: 'Markets by the size of their 24 h move (largest absolute change first)', description: 'Volume joins the ranking when trading exists.' })
  @ApiOkResponse({ type: [MarketDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  trending(@Query() query: LimitQueryDto): Promise<MarketView[]> {
    return this.queries.execute(new ListMoversQuery(MoverRanking.TRENDING, query.limit ?? 10));
  }

  @Get('movers/gainers')
  @ApiOperation({ summary: 'Markets up over 24 h, highest change first' })
  @ApiOkResponse({ type: [MarketDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  gainers(@Query() query: LimitQueryDto): Promise<MarketView[]> {
    return this.queries.execute(new ListMoversQuery(MoverRanking.GAINERS, query.limit ?? 10));
  }

  @Get('movers/losers')
  @ApiOperation({ summary: 'Markets down over 24 h, lowest change first' })
  @ApiOkResponse({ type: [MarketDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  losers(@Query() query: LimitQueryDto): Promise<MarketView[]> {
    return this.queries.execute(new ListMoversQuery(MoverRanking.LOSERS, query.limit ?? 10));
  }

  @Get(':symbol')
  @ApiOperation({ summary: 'One market: specification and ticker' })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: MarketDto })
  @ApiProblems({ 404: ['MARKET_NOT_FOUND'] })
  get(@Param('symbol') symbol: string): Promise<MarketView> {
    return this.queries.execute(new GetMarketQuery(symbol));
  }

  @Get(':symbol/mark-price')
  @ApiOperation({
    summary: 'Latest index and mark price',
    description:
      'Spot: the mark is the index. Perpetuals: the mark is the median of the funding basis, the averaged book basis and the last trade ' +
      '(docs/risk.md, "Mark price"), with the predicted funding rate and the next funding time. 503 MARK_PRICE_UNAVAILABLE (with Retry-After) ' +
      'until the feed has priced the market.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: PriceDto })
  @ApiProblems({ 404: ['MARKET_NOT_FOUND'], 503: ['MARK_PRICE_UNAVAILABLE'] })
  markPrice(@Param('symbol') symbol: string): Promise<PriceView> {
    return this.queries.execute(new GetPriceQuery(symbol));
  }

  @Get(':symbol/klines')
  @ApiOperation({
    summary: 'Candles: OHLCV of the trades (default), or OHLC of the mark or index price (source=mark|index)',
    description:
      'The newest `limit` candles whose open time is in [from, to], oldest first; the current candle is included. ' +
      'Trade candles exist only for intervals with trades.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: KlinesDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_TIME_RANGE'], 404: ['MARKET_NOT_FOUND'] })
  async klines(@Param('symbol') symbol: string, @Query() query: KlinesQueryDto): Promise<KlinesView | TradeKlinesView> {
    const interval = query.interval ?? CandleInterval.M1;
    const limit = query.limit ?? 500;
    const from = parseTime('from', query.from);
    const to = parseTime('to', query.to);
    if (query.source === undefined || query.source === TRADES_SOURCE) {
      // Same range rule as the price candles: the market context owns it.
      await this.queries.execute(new GetKlinesQuery(symbol, PriceType.MARK, interval, 1, from, to));
      // Candles whose open time is in [from, to]: trades from the first such open time to the end of the last candle.
      const ms = TRADE_CANDLE_INTERVALS[interval] * 1000;
      const start = from === undefined ? undefined : new Date(Math.ceil(from.getTime() / ms) * ms);
      const end = to === undefined ? undefined : new Date(Math.floor(to.getTime() / ms) * ms + ms);
      const candles = await this.queries.execute(new GetTradeCandlesQuery(symbol, interval, start, end, limit));
      return { symbol: symbol.toUpperCase(), source: TRADES_SOURCE, interval, candles };
    }
    return this.queries.execute(new GetKlinesQuery(symbol, query.source, interval, limit, from, to));
  }

  @Get(':symbol/history')
  @ApiOperation({
    summary: 'Price history: mark-price candles, imported, live or synthetic, with the origin of each',
    description:
      'The newest `limit` candles whose open time is in [from, to], oldest first. Per bucket: an admin\'s imported candle (IMPORTED), else the ' +
      'feed\'s stored mark candle (LIVE), else, before the market\'s history start (its first tick), a seeded random walk of HISTORY_SYNTHETIC_DAYS ' +
      'that ends at the feed\'s start price (SYNTHETIC: not market data; `note` says so whenever one is in the answer; docs/analytics.md). ' +
      'Live 1m/5m/15m candles are kept PRICE_CANDLE_RETENTION_DAYS, 1h/4h/1d PRICE_CANDLE_LONG_RETENTION_DAYS. ' +
      HISTORY_RANGE_DOC +
      '.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: PriceHistoryDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_TIME_RANGE', 'HISTORY_RANGE_TOO_LARGE'],
    404: ['MARKET_NOT_FOUND'],
    429: ['RATE_LIMITED'],
    503: ['DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'],
  })
  history(@Param('symbol') symbol: string, @Query() query: PriceHistoryQueryDto): Promise<PriceHistoryView> {
    return this.queries.execute(new GetHistoryCandlesQuery(symbol, query.interval ?? CandleInterval.H1, query.limit ?? 500, parseTime('from', query.from), parseTime('to', query.to)));
  }
}

interface TradeKlinesView {
  readonly symbol: string;
  readonly source: typeof TRADES_SOURCE;
  readonly interval: CandleInterval;
  readonly candles: readonly TradeCandleView[];
}

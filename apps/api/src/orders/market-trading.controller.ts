import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetOrderBookQuery, GetTradeTickersQuery, ListTradesQuery } from '@lib/orders';
import type { DepthView, TradeTickerView, TradeView } from '@lib/orders';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { DepthQueryDto, TradesQueryDto } from './order-requests.dto';
import { DepthDto, TradeDto, TradeTickerDto } from './order-responses.dto';

/** Public market data made by trading: the tape, the book's depth, 24 h trade statistics. */
@ApiTags('markets')
@Public()
@Controller({ path: 'markets', version: '1' })
export class MarketTradingController {
  constructor(private readonly queries: QueryBus) {}

  @Get('tickers/24h')
  @ApiOperation({ summary: '24 h statistics from trades of every spot market (last, open, high, low, volume, change)' })
  @ApiOkResponse({ type: [TradeTickerDto] })
  tickers(): Promise<TradeTickerView[]> {
    return this.queries.execute(new GetTradeTickersQuery());
  }

  @Get(':symbol/trades')
  @ApiOperation({ summary: 'The public trade tape, newest first' })
  @ApiOkResponse({ type: [TradeDto] })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['MARKET_NOT_FOUND'] })
  trades(@Param('symbol') symbol: string, @Query() query: TradesQueryDto): Promise<TradeView[]> {
    return this.queries.execute(new ListTradesQuery(symbol, query.limit ?? 100));
  }

  @Get(':symbol/orderbook')
  @ApiOperation({ summary: 'Aggregated order-book depth, best first, with the book sequence' })
  @ApiOkResponse({ type: DepthDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['MARKET_NOT_FOUND'] })
  orderBook(@Param('symbol') symbol: string, @Query() query: DepthQueryDto): Promise<DepthView> {
    return this.queries.execute(new GetOrderBookQuery(symbol, query.depth ?? 50));
  }

  @Get(':symbol/ticker/24h')
  @ApiOperation({ summary: '24 h statistics from the market\'s trades' })
  @ApiOkResponse({ type: TradeTickerDto })
  @ApiProblems({ 404: ['MARKET_NOT_FOUND'] })
  async ticker(@Param('symbol') symbol: string): Promise<TradeTickerView> {
    const [ticker] = await this.queries.execute(new GetTradeTickersQuery([symbol]));
    return ticker!;
  }
}

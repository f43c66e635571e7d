import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListMarketsQuery, type MarketView } from '@lib/market';

/** The catalog and its live tickers, read through the market context's query bus. */
@Injectable()
export class MarketBoard {
  constructor(private readonly queries: QueryBus) {}

  async markets(): Promise<Map<string, MarketView>> {
    const markets = await this.queries.execute(new ListMarketsQuery());
    return new Map(markets.map((m) => [m.symbol, m]));
  }

  async symbols(): Promise<ReadonlySet<string>> {
    return new Set((await this.markets()).keys());
  }
}

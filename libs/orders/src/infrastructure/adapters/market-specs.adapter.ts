import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { instrumentSpecOf } from '@lib/kernel';
import { GetInstrumentQuery, GetMarkPriceQuery, ListInstrumentsQuery, MarketError, MarketErrorCode } from '@lib/market';
import { MarketSpec } from '../../domain';
import { MarketSpecs } from '../../application/ports';

/**
 * The market context through its public queries (its catalog is cached in memory; the mark price is
 * read from memory). An Instrument is an InstrumentSpec plus the listing's other terms: orders keeps the spec.
 */
@Injectable()
export class QueryBusMarketSpecs extends MarketSpecs {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async get(symbol: string): Promise<MarketSpec> {
    return instrumentSpecOf(await this.queries.execute(new GetInstrumentQuery(symbol)));
  }

  async list(): Promise<readonly MarketSpec[]> {
    return (await this.queries.execute(new ListInstrumentsQuery())).map(instrumentSpecOf);
  }

  async markPrice(spec: MarketSpec): Promise<bigint | null> {
    try {
      const mark = await this.queries.execute(new GetMarkPriceQuery(spec.symbol));
      if (mark.priceScale !== spec.priceScale) throw new Error(`mark price of ${spec.symbol} has scale ${mark.priceScale}, not ${spec.priceScale}`);
      return mark.mark;
    } catch (error) {
      if (error instanceof MarketError && error.code === MarketErrorCode.MARK_PRICE_UNAVAILABLE) return null;
      throw error;
    }
  }
}

import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetInstrumentQuery, Instrument, InstrumentKind } from '@lib/market';
import { OrdersError, OrdersErrorCode } from '@lib/orders';
import { nextFundingTime } from '../../domain';
import { FundingRates } from '../funding/funding-rates';
import { FundingRepository } from '../ports/funding.repository.port';
import { Clock } from '@lib/kernel';
import { FundingRateView, GetFundingRateQuery } from './get-funding-rate.query';
import { FundingHistoryView, ListFundingHistoryQuery } from './list-funding-history.query';

async function perpetual(queries: QueryBus, symbol: string): Promise<Instrument> {
  const market = await queries.execute(new GetInstrumentQuery(symbol));
  if (market.kind !== InstrumentKind.PERPETUAL) throw new OrdersError(OrdersErrorCode.MARKET_NOT_PERPETUAL, `${market.symbol} is not a perpetual market: it has no funding`, { symbol: market.symbol });
  return market;
}

@QueryHandler(GetFundingRateQuery)
export class GetFundingRateHandler implements IQueryHandler<GetFundingRateQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly rates: FundingRates,
    private readonly clock: Clock,
  ) {}

  async execute({ symbol }: GetFundingRateQuery): Promise<FundingRateView> {
    const market = await perpetual(this.queries, symbol);
    const [last, predicted] = await Promise.all([this.rates.lastSettled(market.symbol), this.rates.predictedRate(market.symbol)]);
    return {
      symbol: market.symbol,
      lastRateE8: last?.rate ?? 0n,
      lastFundingTime: last?.fundingTime ?? null,
      predictedRateE8: predicted,
      nextFundingTime: nextFundingTime(this.clock.now(), this.rates.intervalMs),
      intervalMs: this.rates.intervalMs,
    };
  }
}

@QueryHandler(ListFundingHistoryQuery)
export class ListFundingHistoryHandler implements IQueryHandler<ListFundingHistoryQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly repository: FundingRepository,
  ) {}

  async execute(query: ListFundingHistoryQuery): Promise<FundingHistoryView> {
    const market = await perpetual(this.queries, query.symbol);
    const page = await this.repository.history(market.symbol, { cursor: query.cursor, limit: query.limit });
    return { market, ...page };
  }
}

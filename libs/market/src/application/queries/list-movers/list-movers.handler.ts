import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { comparePercent } from '../../../domain';
import { MarketView } from '../../views';
import { ListMarketsQuery } from '../list-markets/list-markets.query';
import { ListMoversQuery, MoverRanking } from './list-movers.query';

type Priced = MarketView & { readonly ticker: { readonly change24h: string } };

@QueryHandler(ListMoversQuery)
export class ListMoversHandler implements IQueryHandler<ListMoversQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute(query: ListMoversQuery): Promise<MarketView[]> {
    const priced = (await this.queries.execute(new ListMarketsQuery())).filter((m): m is Priced => m.ticker.change24h !== null);
    const change = (m: Priced): string => m.ticker.change24h;
    const abs = (s: string): string => (s.startsWith('-') ? s.slice(1) : s);
    // Ties are broken by symbol, so the order is stable.
    const bySymbol = (a: Priced, b: Priced): number => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
    let ranked: Priced[];
    switch (query.ranking) {
      case MoverRanking.TRENDING:
        ranked = priced.sort((a, b) => comparePercent(abs(change(b)), abs(change(a))) || bySymbol(a, b));
        break;
      case MoverRanking.GAINERS:
        ranked = priced.filter((m) => comparePercent(change(m), '0') > 0).sort((a, b) => comparePercent(change(b), change(a)) || bySymbol(a, b));
        break;
      case MoverRanking.LOSERS:
        ranked = priced.filter((m) => comparePercent(change(m), '0') < 0).sort((a, b) => comparePercent(change(a), change(b)) || bySymbol(a, b));
        break;
    }
    return ranked.slice(0, query.limit);
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Instrument } from '../../../domain';
import { marketView } from '../../format';
import { InstrumentCatalog } from '../../ports';
import { PriceBoard } from '../../price-board';
import { MarketView } from '../../views';
import { ListMarketsQuery } from './list-markets.query';

@QueryHandler(ListMarketsQuery)
export class ListMarketsHandler implements IQueryHandler<ListMarketsQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly board: PriceBoard,
  ) {}

  async execute(query: ListMarketsQuery): Promise<MarketView[]> {
    const needle = query.search?.trim().toLowerCase();
    const matches = (i: Instrument): boolean =>
      !needle || [i.symbol, i.name, i.base, i.quote].some((text) => text.toLowerCase().includes(needle));
    return (await this.catalog.all())
      .filter(matches)
      .map((i) => marketView(i, this.board.price(i.symbol), this.board.dayStats(i.symbol), this.board.lastTrade(i.symbol)));
  }
}

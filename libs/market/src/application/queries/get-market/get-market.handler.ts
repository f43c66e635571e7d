import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { marketView } from '../../format';
import { InstrumentCatalog } from '../../ports';
import { PriceBoard } from '../../price-board';
import { MarketView } from '../../views';
import { GetMarketQuery } from './get-market.query';

@QueryHandler(GetMarketQuery)
export class GetMarketHandler implements IQueryHandler<GetMarketQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly board: PriceBoard,
  ) {}

  async execute(query: GetMarketQuery): Promise<MarketView> {
    const instrument = await this.catalog.get(query.symbol);
    return marketView(instrument, this.board.price(instrument.symbol), this.board.dayStats(instrument.symbol), this.board.lastTrade(instrument.symbol));
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarkPrice, MarketError, MarketErrorCode } from '../../../domain';
import { InstrumentCatalog } from '../../ports';
import { PriceBoard } from '../../price-board';
import { GetMarkPriceQuery } from './get-mark-price.query';

@QueryHandler(GetMarkPriceQuery)
export class GetMarkPriceHandler implements IQueryHandler<GetMarkPriceQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly board: PriceBoard,
  ) {}

  async execute(query: GetMarkPriceQuery): Promise<MarkPrice> {
    const instrument = await this.catalog.get(query.symbol);
    const price = this.board.price(instrument.symbol);
    if (!price) {
      throw new MarketError(MarketErrorCode.MARK_PRICE_UNAVAILABLE, `No price for ${instrument.symbol} yet`, { symbol: instrument.symbol, retryAfterSeconds: 1 });
    }
    return price;
  }
}

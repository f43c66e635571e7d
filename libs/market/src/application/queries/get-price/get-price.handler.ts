import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { priceView } from '../../format';
import { PriceView } from '../../views';
import { GetMarkPriceQuery } from '../get-mark-price/get-mark-price.query';
import { GetPriceQuery } from './get-price.query';

@QueryHandler(GetPriceQuery)
export class GetPriceHandler implements IQueryHandler<GetPriceQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute(query: GetPriceQuery): Promise<PriceView> {
    return priceView(await this.queries.execute(new GetMarkPriceQuery(query.symbol)));
  }
}

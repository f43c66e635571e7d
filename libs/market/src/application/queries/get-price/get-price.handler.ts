import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InstrumentKind, PerpFunding } from '../../../domain';
import { priceView } from '../../format';
import { InstrumentCatalog } from '../../ports';
import { PriceView } from '../../views';
import { GetPerpFundingQuery } from '../compute-mark-price/compute-mark-price.query';
import { GetMarkPriceQuery } from '../get-mark-price/get-mark-price.query';
import { GetPriceQuery } from './get-price.query';

/** The latest index and mark; a perpetual adds its funding now (the risk context's answer, omitted without one). */
@QueryHandler(GetPriceQuery)
export class GetPriceHandler implements IQueryHandler<GetPriceQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly catalog: InstrumentCatalog,
  ) {}

  async execute(query: GetPriceQuery): Promise<PriceView> {
    const price = await this.queries.execute(new GetMarkPriceQuery(query.symbol));
    const view = priceView(price);
    if ((await this.catalog.get(price.symbol)).kind !== InstrumentKind.PERPETUAL) return view;
    const funding = await this.queries.execute(new GetPerpFundingQuery(price.symbol)).catch((): PerpFunding | undefined => undefined);
    return funding ? { ...view, fundingRate: funding.rate, nextFundingTime: funding.nextFundingTime.toISOString() } : view;
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PositionRepository } from '../../ports';
import { GetPositionTotalsQuery, PositionTotals } from './get-position-totals.query';

@QueryHandler(GetPositionTotalsQuery)
export class GetPositionTotalsHandler implements IQueryHandler<GetPositionTotalsQuery> {
  constructor(private readonly positions: PositionRepository) {}

  async execute(): Promise<PositionTotals> {
    // One after the other: on the caller's transaction connection (its snapshot), never side by side.
    const markets = await this.positions.marketTotals();
    const isolatedMargins = await this.positions.isolatedMargins();
    return { markets, isolatedMargins };
  }
}

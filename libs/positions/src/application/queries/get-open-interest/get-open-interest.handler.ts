import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PositionRepository } from '../../ports';
import { GetOpenInterestQuery, OpenInterest } from './get-open-interest.query';

/** One indexed read per market (positions_open_symbol_idx: its open positions only). */
@QueryHandler(GetOpenInterestQuery)
export class GetOpenInterestHandler implements IQueryHandler<GetOpenInterestQuery> {
  constructor(private readonly positions: PositionRepository) {}

  async execute(query: GetOpenInterestQuery): Promise<ReadonlyMap<string, OpenInterest>> {
    const result = new Map<string, OpenInterest>();
    for (const symbol of query.symbols) result.set(symbol, await this.positions.openInterest(symbol));
    return result;
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PositionRepository } from '../../ports';
import { GetOpenInterestQuery, OpenInterest } from './get-open-interest.query';

@QueryHandler(GetOpenInterestQuery)
export class GetOpenInterestHandler implements IQueryHandler<GetOpenInterestQuery> {
  constructor(private readonly positions: PositionRepository) {}

  async execute({ symbol }: GetOpenInterestQuery): Promise<OpenInterest> {
    return { symbol, ...(await this.positions.openInterest(symbol)) };
  }
}

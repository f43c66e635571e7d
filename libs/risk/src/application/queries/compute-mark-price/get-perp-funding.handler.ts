import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { GetPerpFundingQuery, PerpFunding } from '@lib/market';
import { FundingReader } from '../../funding-reader';
import { RATE_DECIMALS } from './compute-mark-price.handler';

/** The market context's read of a perpetual's funding (the REST price view): the predicted rate and the next funding time. */
@QueryHandler(GetPerpFundingQuery)
export class GetPerpFundingHandler implements IQueryHandler<GetPerpFundingQuery> {
  constructor(
    private readonly funding: FundingReader,
    private readonly clock: Clock,
  ) {}

  async execute({ symbol }: GetPerpFundingQuery): Promise<PerpFunding> {
    const f = await this.funding.read(symbol, this.clock.now());
    return { rate: formatUnits(f.predictedRateE8, RATE_DECIMALS), nextFundingTime: f.nextFundingTime };
  }
}

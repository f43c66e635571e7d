import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { formatUnits } from '@lib/kernel';
import { GetFundingRateQuery, ListFundingHistoryQuery } from '@lib/risk';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { FundingDto, FundingQueryDto } from './funding.dto';

const RATE_DECIMALS = 8;

/** A perpetual market's funding (docs/risk.md): the rates and the settled funding times. */
@ApiTags('markets')
@Public()
@Controller({ path: 'markets', version: '1' })
export class FundingController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':symbol/funding')
  @ApiOperation({
    summary: 'Funding of a perpetual market: predicted and last rate, next funding time, history (cursor pagination)',
    description:
      'Every open position pays or receives |size| x mark x rate at each funding time (longs pay when the rate is positive). ' +
      'Rates are decimal strings with 8 decimals; amounts in the settlement asset. docs/risk.md has the formulas.',
  })
  @ApiParam({ name: 'symbol', example: 'BTC-PERP', description: 'Case-insensitive; a perpetual market' })
  @ApiOkResponse({ type: FundingDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR', 'MARKET_NOT_PERPETUAL'], 404: ['MARKET_NOT_FOUND'] })
  async funding(@Param('symbol') symbol: string, @Query() query: FundingQueryDto): Promise<FundingDto> {
    const history = await this.queries.execute(new ListFundingHistoryQuery(symbol, query.limit ?? 50, query.cursor));
    const rate = await this.queries.execute(new GetFundingRateQuery(symbol));
    const { market } = history;
    return {
      symbol: market.symbol,
      asset: market.quote,
      predictedRate: formatUnits(rate.predictedRateE8, RATE_DECIMALS),
      lastRate: formatUnits(rate.lastRateE8, RATE_DECIMALS),
      lastFundingTime: rate.lastFundingTime?.toISOString() ?? null,
      nextFundingTime: rate.nextFundingTime.toISOString(),
      intervalMs: rate.intervalMs,
      history: {
        items: history.items.map((r) => ({
          fundingTime: r.fundingTime.toISOString(),
          rate: formatUnits(r.rate, RATE_DECIMALS),
          mark: formatUnits(r.mark, market.priceScale),
          paid: formatUnits(r.paid, market.quoteDecimals),
          received: formatUnits(r.received, market.quoteDecimals),
          remainder: formatUnits(r.remainder, market.quoteDecimals),
          positions: r.positions,
          settledAt: r.settledAt.toISOString(),
        })),
        nextCursor: history.next,
      },
    };
  }
}

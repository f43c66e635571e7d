import { Module } from '@nestjs/common';
import { FundingReader } from './application/funding-reader';
import { ComputeMarkPriceHandler } from './application/queries/compute-mark-price/compute-mark-price.handler';
import { GetPerpFundingHandler } from './application/queries/compute-mark-price/get-perp-funding.handler';

/**
 * The risk context (issue 15, docs/risk.md): premium sampling and funding,
 * the perpetual mark price, margin monitoring and liquidation. It acts on
 * positions only through commands in the markets' turns (the orders
 * context's deciders) and on money only through ledger intents.
 */
@Module({
  providers: [FundingReader, ComputeMarkPriceHandler, GetPerpFundingHandler],
})
export class RiskModule {}

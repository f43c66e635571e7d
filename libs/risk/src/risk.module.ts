import { Module } from '@nestjs/common';

/**
 * The risk context (issue 15, docs/risk.md): premium sampling and funding,
 * the perpetual mark price, margin monitoring and liquidation. It acts on
 * positions only through commands in the markets' turns (the orders
 * context's deciders) and on money only through ledger intents.
 */
@Module({
  providers: [],
})
export class RiskModule {}

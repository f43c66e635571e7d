import { Query } from '@nestjs/cqrs';
import { PerpFunding } from '../../../domain';

/** A perpetual's mark for one feed tick, and the funding it was computed with. */
export interface ComputedMark {
  /** Price units, on the market's tick grid. */
  readonly mark: bigint;
  readonly funding: PerpFunding;
}

/**
 * Asked by the feed leader on every tick for each perpetual: the mark price
 * of `symbol` at `at`, given this tick's index. The market context declares
 * the contract and does not know who answers it: the risk context does
 * (docs/risk.md, "Mark price"). It may keep state per market (the moving
 * average of the basis), so only the feed asks it, once per tick. When the
 * query fails (nobody answers, an error), the feed marks at the index.
 */
export class ComputeMarkPriceQuery extends Query<ComputedMark> {
  constructor(
    readonly symbol: string,
    readonly priceScale: number,
    readonly tickSize: bigint,
    /** This tick's index, price units. */
    readonly index: bigint,
    /** The last trade price known to the feed (price units), or null. */
    readonly lastTrade: bigint | null,
    readonly at: Date,
  ) {
    super();
  }
}

/**
 * A perpetual's funding now (rate and next time), for reads (REST); answered
 * by the risk context. Without an answer the price view omits funding.
 */
export class GetPerpFundingQuery extends Query<PerpFunding> {
  constructor(readonly symbol: string) {
    super();
  }
}

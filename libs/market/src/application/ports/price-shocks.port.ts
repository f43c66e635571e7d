/** An admin's request to move a market's simulated feed, waiting for the feed leader's ticks. */
export interface NewPriceShock {
  readonly symbol: string;
  /** In the market's price units, on its tick grid: the price at `endsAt` (at once without a ramp). */
  readonly price: bigint;
  readonly adminId: string;
  readonly at: Date;
  /** A linear move: from this price at `at` to `price` at `endsAt` (docs/risk.md, "Price shocks"). */
  readonly ramp?: { readonly from: bigint; readonly endsAt: Date };
  /** The markets on the same underlying: their pending shocks are replaced by this one. */
  readonly replaces?: readonly string[];
}

/**
 * Price shocks go through the database (market.price_shocks): the feed leader,
 * whichever instance holds the lease, reads them on its ticks and deletes
 * each in the statement of the tick that publishes its final price.
 */
export abstract class PriceShocks {
  /** Stores the request in the caller's transaction. */
  abstract request(shock: NewPriceShock): Promise<void>;
}

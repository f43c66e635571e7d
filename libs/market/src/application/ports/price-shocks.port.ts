/** An admin's request to move a market's simulated feed, waiting for the feed leader's next tick. */
export interface NewPriceShock {
  readonly symbol: string;
  /** In the market's price units, on its tick grid. */
  readonly price: bigint;
  readonly adminId: string;
  readonly at: Date;
}

/**
 * Price shocks go through the database (market.price_shocks): the feed leader,
 * whichever instance holds the lease, reads them on its next tick and deletes
 * them in the tick's own statement.
 */
export abstract class PriceShocks {
  /** Stores the request in the caller's transaction. */
  abstract request(shock: NewPriceShock): Promise<void>;
}

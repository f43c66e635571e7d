import { Instrument } from '../../domain';

export interface LastPrice {
  readonly price: bigint;
  /** The market's tick number of that price (1, 2, ...). */
  readonly seq: number;
}

/**
 * Where index prices come from. The default is the seeded random walk
 * (SimulatedPriceSource); a real exchange feed can replace it.
 */
export abstract class PriceSource {
  /** Admins may move this source's prices by hand (price shocks): the simulated walk only. */
  get simulated(): boolean {
    return false;
  }

  /**
   * The index price of each instrument for this tick, in the instrument's
   * price units (a positive multiple of its tick size). `last` holds each
   * market's previous price, when there is one. Markets left out keep their price.
   * `shocks` (an admin's price shock, by symbol, in that market's price units)
   * replace the source's own price this tick for the market and every market
   * sharing its underlying; the source continues from there.
   */
  abstract nextPrices(
    instruments: readonly Instrument[],
    last: ReadonlyMap<string, LastPrice>,
    shocks?: ReadonlyMap<string, bigint>,
  ): Promise<Map<string, bigint>>;
}

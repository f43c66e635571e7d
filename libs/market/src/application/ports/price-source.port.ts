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
  /**
   * The index price of each instrument for this tick, in the instrument's
   * price units (a positive multiple of its tick size). `last` holds each
   * market's previous price, when there is one. Markets left out keep their price.
   */
  abstract nextPrices(instruments: readonly Instrument[], last: ReadonlyMap<string, LastPrice>): Promise<Map<string, bigint>>;
}

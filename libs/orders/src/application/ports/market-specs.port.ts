import { MarketSpec } from '../../domain';

/**
 * What the orders context reads from the market context: the instrument
 * (integers) and its current mark price in the market's price units.
 * Throws OrdersError(MARKET_NOT_FOUND) for an unknown symbol.
 */
export abstract class MarketSpecs {
  abstract get(symbol: string): Promise<MarketSpec>;
  abstract markPrice(spec: MarketSpec): Promise<bigint | null>;
  abstract list(): Promise<readonly MarketSpec[]>;
}

import { AmountError, parsePositiveUnits } from '@lib/kernel';
import { Instrument } from './instrument';
import { MarketError, MarketErrorCode } from './market.error';

/**
 * The price an admin moves a market's simulated feed to (a demo or test
 * "price shock"): a positive decimal on the market's tick grid, in the
 * market's price units. Anything else is INVALID_MARKET_SPEC (field `price`).
 */
export function shockPrice(instrument: Pick<Instrument, 'symbol' | 'priceScale' | 'tickSize'>, input: unknown): bigint {
  let price: bigint;
  try {
    price = parsePositiveUnits(input, instrument.priceScale);
  } catch (error) {
    if (error instanceof AmountError) throw invalidPrice(error.reason, error.message);
    throw error;
  }
  if (price % instrument.tickSize !== 0n) {
    throw invalidPrice('OFF_TICK', `must be a multiple of ${instrument.symbol}'s tick size`);
  }
  return price;
}

function invalidPrice(reason: string, message: string): MarketError {
  return new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, `price: ${message}`, { field: 'price', reason });
}

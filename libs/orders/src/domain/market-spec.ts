import { baseUnitsOf as baseUnits, notionalOf as notional } from '@lib/kernel';
import { InstrumentKindName, InstrumentSpec, MarketStatusName, mulDivDown, mulDivUp } from '@lib/kernel';
import { OrderSide } from './order-types';
import { OrdersError, OrdersErrorCode } from './orders.error';

export type MarketKind = InstrumentKindName;
export type MarketStatus = MarketStatusName;

/** Parts per million: fee rates and price bands are integers of 1e-6. */
export const PPM = 1_000_000n;

/**
 * What the orders context knows of an instrument: the kernel's one InstrumentSpec (all integers;
 * see its scale rules), under the name the orders code has always used for it.
 */
export type MarketSpec = InstrumentSpec;

export function assertExactScales(spec: MarketSpec): void {
  if (spec.priceScale + spec.quantityScale > spec.quoteDecimals || spec.quantityScale > spec.baseDecimals) {
    throw new RangeError(`${spec.symbol}: price and quantity scales must fit the assets' decimals`);
  }
}

/** price x quantity in quote smallest units, and a quantity in base smallest units: the kernel's, under the names orders uses. */
export { baseUnits, notional };

/** Maker and taker fee rates in ppm: a market's current ones, or those an order was placed with. */
export interface FeeRates {
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
}

/** Fee on a mix of taker and maker notional, rounded up (fees favour the platform). */
export function feeOn(rates: FeeRates, takerQuote: bigint, makerQuote: bigint): bigint {
  return mulDivUp(takerQuote * rates.takerFeePpm + makerQuote * rates.makerFeePpm, 1n, PPM);
}

/** Tick, step, minimum quantity and minimum notional; a rejection is a typed error. */
export function assertOrderShape(spec: MarketSpec, price: bigint | null, quantity: bigint, referencePrice: bigint): void {
  if (price !== null && (price <= 0n || price % spec.tickSize !== 0n)) {
    throw new OrdersError(OrdersErrorCode.INVALID_PRICE, `price must be a positive multiple of the tick size`);
  }
  if (quantity <= 0n || quantity % spec.stepSize !== 0n) {
    throw new OrdersError(OrdersErrorCode.INVALID_QUANTITY, `quantity must be a positive multiple of the step size`);
  }
  if (quantity < spec.minQuantity) throw new OrdersError(OrdersErrorCode.QUANTITY_BELOW_MINIMUM, 'quantity is below the minimum of this market');
  if (notional(spec, price ?? referencePrice, quantity) < spec.minNotional) {
    throw new OrdersError(OrdersErrorCode.NOTIONAL_BELOW_MINIMUM, 'price x quantity is below the minimum notional of this market');
  }
}

/** The band around the mark price: [lower, upper], on the tick grid and inside it. */
export function priceBand(spec: MarketSpec, mark: bigint): { lower: bigint; upper: bigint } {
  const reach = mulDivDown(mark, spec.priceBandPpm, PPM);
  const upper = ((mark + reach) / spec.tickSize) * spec.tickSize;
  const lowerRaw = mark - reach;
  const lower = lowerRaw <= 0n ? spec.tickSize : ((lowerRaw + spec.tickSize - 1n) / spec.tickSize) * spec.tickSize;
  return { lower, upper };
}

export function assertInBand(spec: MarketSpec, price: bigint, mark: bigint): void {
  const { lower, upper } = priceBand(spec, mark);
  if (price < lower || price > upper) {
    throw new OrdersError(OrdersErrorCode.PRICE_OUT_OF_BAND, 'price is too far from the mark price', { lowerTicks: lower.toString(), upperTicks: upper.toString() });
  }
}

/** The worst price a market order may trade at: the band's edge on its side. */
export function protectionPrice(spec: MarketSpec, side: OrderSide, mark: bigint): bigint {
  const band = priceBand(spec, mark);
  return side === OrderSide.BUY ? band.upper : band.lower;
}

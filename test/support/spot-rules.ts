/**
 * The product's money rules for spot orders, in integers (docs/orders.md
 * "Money rules in this context" and "Holds and amends"), written from the
 * docs for test/support/spot-model.ts: nothing here comes from the app's
 * domain code, so the model stays an independent check of it.
 */
export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'POST_ONLY';
export type Status = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

/** A market's rules in integers: prices in 10^-priceScale quote, quantities in 10^-quantityScale base, rates in ppm. */
export interface MarketRules {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly tick: bigint;
  readonly step: bigint;
  readonly minQuantity: bigint;
  /** In quote smallest units. */
  readonly minNotional: bigint;
  readonly makerPpm: bigint;
  readonly takerPpm: bigint;
  /** The band the market is created with (an admin may change it: SpotModel.setBand). */
  readonly bandPpm: bigint;
}

export interface ModelOrder {
  readonly id: string;
  readonly user: number;
  readonly market: MarketRules;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** The limit; null for a MARKET order. */
  price: bigint | null;
  quantity: bigint;
  filled: bigint;
  takerQuote: bigint;
  makerQuote: bigint;
  fee: bigint;
  status: Status;
  reason: string | null;
  /** What is still held for it (quote for a buy, base for a sell). */
  held: bigint;
  /** Resting in the book. */
  inBook: boolean;
  /** Time priority within a price: later is larger. */
  priority: number;
}

export interface ModelFill {
  readonly orderId: string;
  readonly user: number;
  readonly symbol: string;
  readonly side: Side;
  readonly price: bigint;
  readonly quantity: bigint;
  readonly quote: bigint;
  readonly fee: bigint;
  readonly liquidity: 'MAKER' | 'TAKER';
}

/** What the API must show of an order, in the market's units. */
export interface OrderSnapshot {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: bigint | null;
  readonly quantity: bigint;
  readonly filledQuantity: bigint;
  readonly remainingQuantity: bigint;
  readonly averagePrice: bigint | null;
  readonly filledQuote: bigint;
  readonly fee: bigint;
  readonly status: Status;
  readonly reason: string | null;
}

export type Answer =
  | { readonly ok: true; readonly httpStatus: 200 | 201; readonly order: OrderSnapshot; readonly fills: readonly ModelFill[] }
  | { readonly ok: false; readonly httpStatus: number; readonly code: string; readonly short?: Shortfall };

/** What an INSUFFICIENT_BALANCE names: the asset, what is available and what the hold (or its rise) required. */
export interface Shortfall {
  readonly asset: string;
  readonly available: bigint;
  readonly required: bigint;
}

export interface PlaceRequest {
  readonly market: MarketRules;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: bigint;
  readonly price?: bigint;
  readonly timeInForce?: TimeInForce;
}

export const PPM = 1_000_000n;
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** price x quantity in quote smallest units: exact, the scales fit the quote's decimals. */
export const notional = (m: MarketRules, price: bigint, quantity: bigint): bigint => price * quantity * 10n ** BigInt(m.quoteDecimals - m.priceScale - m.quantityScale);
export const baseUnits = (m: MarketRules, quantity: bigint): bigint => quantity * 10n ** BigInt(m.baseDecimals - m.quantityScale);

/** Limit prices allowed around the mark, on the tick grid and inside the band; a MARKET order's protection is the edge on its side. */
export function band(m: MarketRules, mark: bigint, bandPpm = m.bandPpm): { lower: bigint; upper: bigint } {
  const reach = (mark * bandPpm) / PPM;
  const upper = ((mark + reach) / m.tick) * m.tick;
  const lower = mark - reach <= 0n ? m.tick : ceilDiv(mark - reach, m.tick) * m.tick;
  return { lower, upper };
}

/** A buy holds its notional at the limit plus the fee on it at the higher of the two rates, rounded up; a sell its base. */
export function holdFor(m: MarketRules, side: Side, price: bigint, quantity: bigint): bigint {
  if (side === 'SELL') return baseUnits(m, quantity);
  const rest = notional(m, price, quantity);
  return rest + ceilDiv(rest * (m.makerPpm > m.takerPpm ? m.makerPpm : m.takerPpm), PPM);
}

export const crosses = (takerSide: Side, makerPrice: bigint, limit: bigint): boolean => (takerSide === 'BUY' ? makerPrice <= limit : makerPrice >= limit);

export function snapshot(o: ModelOrder): OrderSnapshot {
  const filledQuote = o.takerQuote + o.makerQuote;
  return {
    id: o.id,
    symbol: o.market.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    quantity: o.quantity,
    filledQuantity: o.filled,
    remainingQuantity: o.quantity - o.filled,
    // Quote smallest units per whole base unit, rounded down.
    averagePrice: o.filled === 0n ? null : (filledQuote * 10n ** BigInt(o.market.quantityScale)) / o.filled,
    filledQuote,
    fee: o.fee,
    status: o.status,
    reason: o.reason,
  };
}

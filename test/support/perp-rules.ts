/**
 * The product's rules for perpetual positions and orders, in integers,
 * written from docs/positions.md ("The arithmetic", "Margin", "Money: the
 * accounts and what each fill posts", "Orders on perpetuals") for
 * test/support/perp-model.ts. Nothing here comes from the app's domain code
 * (no @lib/positions, no @lib/orders): the model stays an independent check.
 */
import { MarketRules, PPM, ceilDiv, notional } from './spot-rules';

export type MarginMode = 'CROSS' | 'ISOLATED';

/** A user's one-way position on the market, with its settings and the sums of its life. */
export interface ModelPosition {
  /** Signed quantity units: > 0 long, < 0 short. */
  size: bigint;
  /** The entry notional of the open size (quote smallest units). */
  entryValue: bigint;
  /** Realized since the position opened (this life). */
  realizedPnl: bigint;
  /** Fees paid since the position opened (this life). */
  fees: bigint;
  /** ISOLATED: the margin assigned to it (held in MARGIN / LOCKED). */
  isolatedMargin: bigint;
  leverage: bigint;
  mode: MarginMode;
}

export const flatPosition = (leverage = 10n, mode: MarginMode = 'CROSS'): ModelPosition => ({ size: 0n, entryValue: 0n, realizedPnl: 0n, fees: 0n, isolatedMargin: 0n, leverage, mode });

export const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** What one fill did to a position: the realized PnL, the quantity it closed and whether the life ended (closed to flat or flipped). */
export interface FillEffect {
  readonly realized: bigint;
  readonly closed: bigint;
  /** |size| before the fill. */
  readonly before: bigint;
  readonly lifeEnded: boolean;
}

/** A fill of `q` at `price` on `side`, by the table of docs/positions.md "The arithmetic". Mutates `p` (not the life's sums). */
export function applyFill(m: MarketRules, p: ModelPosition, side: 'BUY' | 'SELL', q: bigint, price: bigint): FillEffect {
  const v = notional(m, price, q);
  const signed = side === 'BUY' ? q : -q;
  const before = abs(p.size);
  if (p.size === 0n || p.size > 0n === signed > 0n) {
    p.size += signed;
    p.entryValue += v;
    return { realized: 0n, closed: 0n, before, lifeEnded: false };
  }
  const long = p.size > 0n;
  if (q <= before) {
    const c = q === before ? p.entryValue : (p.entryValue * q) / before;
    const exit = v;
    p.size += signed;
    p.entryValue -= c;
    return { realized: long ? exit - c : c - exit, closed: q, before, lifeEnded: p.size === 0n };
  }
  // A flip in one fill: the whole position closes at `price`, the rest opens at it.
  const c = p.entryValue;
  const exit = notional(m, price, before);
  p.size += signed;
  p.entryValue = notional(m, price, q - before);
  return { realized: long ? exit - c : c - exit, closed: before, before, lifeEnded: true };
}

/** Initial margin: ceil(notional / leverage). */
export const initialMargin = (value: bigint, leverage: bigint): bigint => ceilDiv(value, leverage);

/** The higher of the market's two fee rates (what a hold and the bankruptcy bound use). */
export const highestRate = (m: MarketRules): bigint => (m.takerPpm > m.makerPpm ? m.takerPpm : m.makerPpm);

/** What the opening part of an order holds: ceil(notional / leverage) + the fee at the higher rate, at its limit. */
export function perpHold(m: MarketRules, leverage: bigint, limit: bigint, opening: bigint): bigint {
  if (opening === 0n) return 0n;
  const value = notional(m, limit, opening);
  return initialMargin(value, leverage) + ceilDiv(value * highestRate(m), PPM);
}

/** Which side closes the position (null when flat). */
export const closingSide = (size: bigint): 'BUY' | 'SELL' | null => (size > 0n ? 'SELL' : size < 0n ? 'BUY' : null);

/** The part of an order on `side` that opens: beyond what reduces the position, after the user's other open orders on that side. */
export function openingQuantity(size: bigint, side: 'BUY' | 'SELL', quantity: bigint, sameSideOpen: bigint): bigint {
  const reducible = closingSide(size) === side && abs(size) > sameSideOpen ? abs(size) - sameSideOpen : 0n;
  return quantity > reducible ? quantity - reducible : 0n;
}

/** Unrealized PnL at the mark (long: value - entry; short: entry - value). */
export function unrealizedPnl(m: MarketRules, p: ModelPosition, mark: bigint): bigint {
  const value = notional(m, mark, abs(p.size));
  return p.size > 0n ? value - p.entryValue : p.size < 0n ? p.entryValue - value : 0n;
}

/** Units of rounding the bound keeps in hand ("2 units of rounding in hand"). */
const CUSHION = 2n;

/**
 * The bankruptcy bound of an isolated position: long, sells at or above
 * (entryValue - margin) / (|size| x (1 - rate)), rounded up to the tick;
 * short, buys at or below (entryValue + margin) / (|size| x (1 + rate)),
 * rounded down to the tick; the margin less 2 units of rounding. Null for a
 * cross or flat position.
 */
export function bankruptcyBound(m: MarketRules, p: ModelPosition): { side: 'BUY' | 'SELL'; price: bigint } | null {
  if (p.mode !== 'ISOLATED' || p.size === 0n) return null;
  const unit = 10n ** BigInt(m.quoteDecimals - m.priceScale - m.quantityScale);
  const rate = highestRate(m);
  const margin = p.isolatedMargin > CUSHION ? p.isolatedMargin - CUSHION : 0n;
  const q = abs(p.size);
  if (p.size > 0n) {
    const need = (p.entryValue - margin) * PPM;
    const raw = need <= 0n ? 0n : ceilDiv(need, q * unit * (PPM - rate));
    return { side: 'SELL', price: ceilDiv(raw, m.tick) * m.tick };
  }
  const raw = ((p.entryValue + margin) * PPM) / (q * unit * (PPM + rate));
  return { side: 'BUY', price: (raw / m.tick) * m.tick };
}

/** A sell below a long's bound, a buy above a short's. */
export function beyondBound(bound: { side: 'BUY' | 'SELL'; price: bigint } | null, side: 'BUY' | 'SELL', price: bigint): boolean {
  if (!bound || bound.side !== side) return false;
  return side === 'SELL' ? price < bound.price : price > bound.price;
}

/** The entry price as the API shows it: entryValue per whole base unit at the quote's decimals, rounded down; null when flat. */
export function entryPrice(m: MarketRules, p: ModelPosition): bigint | null {
  return p.size === 0n ? null : (p.entryValue * 10n ** BigInt(m.quantityScale)) / abs(p.size);
}

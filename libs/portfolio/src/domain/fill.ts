import { CostBasis, EMPTY_COST_BASIS, acquire, dispose } from './cost-basis';
import { CASH_PRICE, UnitPrice, isCash, valueDown, valueUp } from './valuation';

export interface AssetRef {
  readonly asset: string;
  readonly decimals: number;
}

/** One side of a trade for its owner, in integers: quantity in base units, quote and fee in the quote asset's units. */
export interface Fill {
  readonly side: 'BUY' | 'SELL';
  readonly base: AssetRef;
  readonly quote: AssetRef;
  readonly quantity: bigint;
  readonly quoteAmount: bigint;
  /** Charged in the quote asset (the orders context's rule). */
  readonly fee: bigint;
}

/** The current valuation price of an asset, undefined when nothing prices it. */
export type PriceOf = (asset: string) => UnitPrice | undefined;

/**
 * The cost-basis changes a fill makes, keyed by asset.
 *
 * - BUY: the base asset is acquired for quote + fee (valued up).
 * - SELL: the base asset is disposed of for quote - fee (valued down); base
 *   quantity the trades do not account for enters first at the base's
 *   current mark (zero when unpriced).
 * - The quote leg: cash (USDT, USD) carries no cost basis. Any other quote
 *   asset is itself a holding: a buy disposes of quote + fee of it at its
 *   mark, a sell acquires quote - fee of it at its mark.
 */
export function applyFill(fill: Fill, bases: ReadonlyMap<string, CostBasis>, priceOf: PriceOf): Map<string, CostBasis> {
  const out = new Map<string, CostBasis>();
  const get = (asset: string): CostBasis => out.get(asset) ?? bases.get(asset) ?? EMPTY_COST_BASIS;
  const quotePrice = isCash(fill.quote.asset) ? CASH_PRICE : priceOf(fill.quote.asset);
  const inQuote = (units: bigint, round: 'up' | 'down'): bigint =>
    quotePrice === undefined ? 0n : round === 'up' ? valueUp(units, fill.quote.decimals, quotePrice) : valueDown(units, fill.quote.decimals, quotePrice);
  const untracked = (ref: AssetRef) => (missing: bigint): bigint => {
    const price = priceOf(ref.asset);
    return price === undefined ? 0n : valueDown(missing, ref.decimals, price);
  };

  if (fill.side === 'BUY') {
    const paid = fill.quoteAmount + fill.fee;
    out.set(fill.base.asset, acquire(get(fill.base.asset), fill.quantity, inQuote(paid, 'up')));
    if (!isCash(fill.quote.asset) && paid > 0n) {
      out.set(fill.quote.asset, dispose(get(fill.quote.asset), paid, inQuote(paid, 'down'), untracked(fill.quote)).basis);
    }
  } else {
    const received = fill.quoteAmount > fill.fee ? fill.quoteAmount - fill.fee : 0n;
    out.set(fill.base.asset, dispose(get(fill.base.asset), fill.quantity, inQuote(received, 'down'), untracked(fill.base)).basis);
    if (!isCash(fill.quote.asset) && received > 0n) {
      out.set(fill.quote.asset, acquire(get(fill.quote.asset), received, inQuote(received, 'up')));
    }
  }
  return out;
}

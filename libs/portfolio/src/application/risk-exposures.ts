import { parseUnits } from '@lib/kernel';
import type { PositionView } from '@lib/positions';
import { Exposure, isCash, valueDown } from '../domain';
import { PriceBook } from './price-book';
import { HoldingView } from './views';

/** What the simulation holds: the exposures, the cash beside them, and what it had to leave out. */
export interface CurrentExposures {
  readonly exposures: readonly Exposure[];
  /** Cash (USDT, USD) in valuation units. */
  readonly cash: bigint;
  readonly excluded: readonly string[];
}

/** The wallet and the positions format every amount with exactly its decimals. */
function fractionDigits(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

function signed(text: string, scale: number): bigint {
  return text.startsWith('-') ? -parseUnits(text.slice(1), scale) : parseUnits(text, scale);
}

/**
 * Spot: every priced, non-cash holding (SPOT + MARGIN) is a long exposure on
 * the market it is valued through, at the PriceBook's mark (its notional is
 * the holding's value). Cash is summed apart. Unpriced holdings are excluded.
 */
export function spotExposures(holdings: readonly HoldingView[], book: PriceBook): CurrentExposures {
  const exposures: Exposure[] = [];
  const excluded: string[] = [];
  let cash = 0n;
  for (const h of holdings) {
    const decimals = fractionDigits(h.total);
    const quantity = parseUnits(h.total, decimals);
    const price = book.priceOf(h.asset);
    if (isCash(h.asset)) {
      cash += valueDown(quantity, decimals, price!.price);
      continue;
    }
    if (!price || price.symbol === null) {
      excluded.push(h.asset);
      continue;
    }
    exposures.push({
      market: price.symbol,
      kind: 'SPOT',
      asset: h.asset,
      quantity,
      quantityDecimals: decimals,
      mark: price.price.units,
      priceScale: price.price.scale,
      notional: valueDown(quantity, decimals, price.price),
    });
  }
  return { exposures, cash, excluded };
}

/**
 * Perpetuals: every open position, signed (long +, short −), at its market's
 * mark; notional |size| × mark (exact at 10^-6 for the USDT and USD
 * perpetuals). A perpetual settled in an asset that is not cash is excluded.
 */
export function perpExposures(positions: readonly PositionView[], book: PriceBook): CurrentExposures {
  const exposures: Exposure[] = [];
  const excluded: string[] = [];
  for (const p of positions) {
    const instrument = book.instrument(p.symbol);
    if (!instrument || !isCash(instrument.quote)) {
      excluded.push(p.symbol);
      continue;
    }
    const quantity = signed(p.signedSize, instrument.quantityScale);
    if (quantity === 0n) continue;
    const price = { units: parseUnits(p.markPrice, instrument.priceScale), scale: instrument.priceScale };
    const notional = valueDown(quantity < 0n ? -quantity : quantity, instrument.quantityScale, price);
    exposures.push({
      market: p.symbol,
      kind: 'PERPETUAL',
      asset: instrument.base,
      quantity,
      quantityDecimals: instrument.quantityScale,
      mark: price.units,
      priceScale: price.scale,
      notional: quantity < 0n ? -notional : notional,
    });
  }
  return { exposures, cash: 0n, excluded };
}

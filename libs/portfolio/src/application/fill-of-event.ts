import type { FillCreatedV2 } from '@lib/orders';
import { Fill } from '../domain';
import { PriceBook } from './price-book';

/**
 * A relayed fill in the units of its assets; undefined when its market is
 * unknown to the book; null for a perpetual's fill (no asset changes hands:
 * the position carries it, valued from the positions context). The event's integers are at the market's scales; the
 * cost basis keeps amounts in the assets' smallest units (a market's scales
 * never exceed its assets' decimals, so this only multiplies).
 */
export function fillOfEvent(event: FillCreatedV2, book: PriceBook): Fill | undefined | null {
  const instrument = book.instrument(event.symbol);
  if (!instrument) return undefined;
  if (instrument.kind === 'PERPETUAL') return null;
  const quote = (units: string): bigint => rescale(BigInt(units), event.quoteScale, instrument.quoteDecimals);
  return {
    side: event.side === 'BUY' ? 'BUY' : 'SELL',
    base: { asset: instrument.base, decimals: instrument.baseDecimals },
    quote: { asset: instrument.quote, decimals: instrument.quoteDecimals },
    quantity: rescale(BigInt(event.quantity), event.quantityScale, instrument.baseDecimals),
    quoteAmount: quote(event.quote),
    fee: event.feeAsset === instrument.quote ? quote(event.fee) : 0n,
  };
}

/** `units` at scale `from` as units at scale `to`; a RangeError when that would drop digits. */
export function rescale(units: bigint, from: number, to: number): bigint {
  if (to >= from) return units * 10n ** BigInt(to - from);
  const divisor = 10n ** BigInt(from - to);
  if (units % divisor !== 0n) throw new RangeError(`${units} at scale ${from} has more digits than scale ${to} holds`);
  return units / divisor;
}

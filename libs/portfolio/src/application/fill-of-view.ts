import { parseUnits } from '@lib/kernel';
import type { FillView } from '@lib/orders';
import { Fill } from '../domain';
import { PriceBook } from './price-book';

/** A relayed fill in integers, or undefined when its market is unknown to the book. */
export function fillOfView(view: FillView, book: PriceBook): Fill | undefined {
  const instrument = book.instrument(view.symbol);
  if (!instrument) return undefined;
  return {
    side: view.side === 'BUY' ? 'BUY' : 'SELL',
    base: { asset: instrument.base, decimals: instrument.baseDecimals },
    quote: { asset: instrument.quote, decimals: instrument.quoteDecimals },
    quantity: parseUnits(view.quantity, instrument.baseDecimals),
    quoteAmount: parseUnits(view.quote, instrument.quoteDecimals),
    fee: view.feeAsset === instrument.quote ? parseUnits(view.fee, instrument.quoteDecimals) : 0n,
  };
}

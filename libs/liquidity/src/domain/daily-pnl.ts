import { LadderMarket, QuoteSide } from './ladder';

/**
 * The market maker's result on one market in one UTC day, from its own fills,
 * exact (bigint): what it received minus what it paid in the quote asset
 * (fees included), and the base quantity it bought net (negative: sold).
 */
export interface DayBook {
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  /** Net quote flow in the quote asset's smallest units: + sales, - purchases, - fees. */
  readonly quote: bigint;
  /** Net base bought, in market quantity units (10^-quantityScale base). */
  readonly base: bigint;
  /** The newest fill counted (trade ids only grow): later reads add only what came after. */
  readonly lastTradeId: bigint;
}

export interface MakerFill {
  readonly tradeId: bigint;
  readonly side: QuoteSide;
  /** Market quantity units. */
  readonly quantity: bigint;
  /** price x quantity, quote smallest units. */
  readonly quote: bigint;
  /** Quote smallest units. */
  readonly fee: bigint;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function emptyDay(day: string): DayBook {
  return { day, quote: 0n, base: 0n, lastTradeId: 0n };
}

/** The book with `fills` added (each once: fills at or before lastTradeId are ignored). */
export function addFills(book: DayBook, fills: readonly MakerFill[]): DayBook {
  let { quote, base, lastTradeId } = book;
  for (const f of fills) {
    if (f.tradeId <= book.lastTradeId) continue;
    quote += (f.side === QuoteSide.SELL ? f.quote : -f.quote) - f.fee;
    base += f.side === QuoteSide.BUY ? f.quantity : -f.quantity;
    if (f.tradeId > lastTradeId) lastTradeId = f.tradeId;
  }
  return { day: book.day, quote, base, lastTradeId };
}

/**
 * The day's loss at `mark` in quote smallest units (0 when it gained): the
 * cash flow plus the day's net base valued at the mark. Exact: a quantity
 * unit times a price unit is 10^(quoteDecimals - priceScale - quantityScale)
 * quote smallest units, a whole number for every market of the catalog.
 */
export function dayLoss(m: LadderMarket, book: DayBook, mark: bigint): bigint {
  const unit = 10n ** BigInt(m.quoteDecimals - m.priceScale - m.quantityScale);
  const result = book.quote + book.base * mark * unit;
  return result < 0n ? -result : 0n;
}

/** True once the day's loss is above the cap (whole units of the quote asset). */
export function lossCapReached(m: LadderMarket, book: DayBook, mark: bigint, capWholeUnits: bigint): boolean {
  return dayLoss(m, book, mark) > capWholeUnits * 10n ** BigInt(m.quoteDecimals);
}

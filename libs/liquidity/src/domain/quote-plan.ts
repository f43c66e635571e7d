import { Ladder, Level, QuoteSide } from './ladder';

/** One of the maker's open orders, in market units. */
export interface RestingQuote {
  readonly id: string;
  readonly side: QuoteSide;
  readonly price: bigint;
  /** The order's total quantity. */
  readonly quantity: bigint;
  readonly filled: bigint;
}

export interface QuotePlan {
  /** Orders at a price the ladder no longer has (or a second order at one). */
  readonly cancel: readonly string[];
  /** Orders at a ladder price less than half open, or larger than the level: the new total quantity (filled + the level's). */
  readonly amend: readonly { readonly id: string; readonly quantity: bigint }[];
  /** Ladder levels with no order yet. */
  readonly place: readonly Level[];
}

/**
 * From the maker's open orders to the target ladder with the fewest changes.
 * Carried out in this order (cancel, amend, place) the maker's book never
 * crosses itself: after the cancels only ladder prices remain, amends change
 * quantities only, and the ladder's bids are all below its asks.
 */
export function planQuotes(resting: readonly RestingQuote[], ladder: Ladder): QuotePlan {
  const targets = new Map<string, Level>();
  for (const level of [...ladder.bids, ...ladder.asks]) targets.set(key(level.side, level.price), level);
  const covered = new Set<string>();
  const cancel: string[] = [];
  const amend: { id: string; quantity: bigint }[] = [];
  for (const order of resting) {
    const k = key(order.side, order.price);
    const target = targets.get(k);
    if (!target || covered.has(k)) {
      cancel.push(order.id);
      continue;
    }
    covered.add(k);
    if (needsRefill(order.quantity - order.filled, target.quantity)) amend.push({ id: order.id, quantity: order.filled + target.quantity });
  }
  const place = [...targets.entries()].filter(([k]) => !covered.has(k)).map(([, level]) => level);
  return { cancel, amend, place };
}

/**
 * A level is refilled once less than half of it is open, not after every
 * fill: each refill is a transaction (hold, ledger postings, events), and an
 * idle install's disk grows with their count. The book still shows at least
 * half of every level. An oversized order (the level shrank) is trimmed.
 */
export function needsRefill(open: bigint, level: bigint): boolean {
  return open * 2n < level || open > level;
}

function key(side: QuoteSide, price: bigint): string {
  return `${side}:${price}`;
}

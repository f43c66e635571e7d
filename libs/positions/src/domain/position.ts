import { InstrumentScales, mulDivDown, notionalOf } from '@lib/kernel';

/**
 * A one-way position in a linear perpetual, in exact integers: `size` signed
 * quantity units (> 0 long, < 0 short), `entryValue` the entry notional of the
 * open size in quote smallest units (what the fills that opened it cost), and
 * the PnL realized so far. The entry price is entryValue / |size|, kept as the
 * value so it never rounds.
 */
export interface PositionState {
  readonly size: bigint;
  readonly entryValue: bigint;
  readonly realizedPnl: bigint;
}

export const FLAT: PositionState = { size: 0n, entryValue: 0n, realizedPnl: 0n };

/** What one fill did: the new state, the PnL it realized, and how much of it closed and opened. */
export interface FillOutcome {
  readonly position: PositionState;
  /** PnL realized by this fill (quote smallest units; fees are separate). */
  readonly realized: bigint;
  /** Quantity of the fill that reduced the position (closed), and that increased it (opened). */
  readonly closed: bigint;
  readonly opened: bigint;
}

type PerpSpec = InstrumentScales;

/**
 * Applies one fill (BUY adds to the size, SELL takes from it) at `price`.
 * - Same side as the position (or flat): it opens; the entry value grows by the fill's notional.
 * - The other side: it closes up to the position's size first. The closed part's entry value is
 *   entryValue x closed / |size|, rounded down (the whole entry value when it closes all), and
 *   the PnL is its exit notional minus that (negated for a short). What the rounding keeps stays
 *   in the open position's entry value, so a position's PnL over its life is exact.
 * - The rest of a fill larger than the position opens the other side, at the fill's price.
 */
export function applyFill(spec: PerpSpec, position: PositionState, side: 'BUY' | 'SELL', price: bigint, quantity: bigint): FillOutcome {
  if (quantity <= 0n || price <= 0n) throw new RangeError('a fill has a positive price and quantity');
  const direction = side === 'BUY' ? 1n : -1n;
  const { size, entryValue, realizedPnl } = position;
  if (size === 0n || (size > 0n) === (direction > 0n)) {
    return {
      position: { size: size + direction * quantity, entryValue: entryValue + notionalOf(spec, price, quantity), realizedPnl },
      realized: 0n,
      closed: 0n,
      opened: quantity,
    };
  }
  const open = size < 0n ? -size : size;
  const closed = quantity < open ? quantity : open;
  const closedEntry = closed === open ? entryValue : mulDivDown(entryValue, closed, open);
  const exit = notionalOf(spec, price, closed);
  const realized = size > 0n ? exit - closedEntry : closedEntry - exit;
  const rest = quantity - closed;
  const after: PositionState =
    rest === 0n
      ? { size: size + direction * closed, entryValue: entryValue - closedEntry, realizedPnl: realizedPnl + realized }
      : { size: direction * rest, entryValue: notionalOf(spec, price, rest), realizedPnl: realizedPnl + realized };
  return { position: after, realized, closed, opened: rest };
}

/** PnL if the position closed at `mark` now. */
export function unrealizedPnl(spec: PerpSpec, position: PositionState, mark: bigint): bigint {
  if (position.size === 0n) return 0n;
  const value = notionalOf(spec, mark, position.size < 0n ? -position.size : position.size);
  return position.size > 0n ? value - position.entryValue : position.entryValue - value;
}

/** The entry price in quote smallest units per whole base unit (as orders' average price), rounded down; null when flat. */
export function entryPrice(spec: PerpSpec, position: PositionState): bigint | null {
  if (position.size === 0n) return null;
  const open = position.size < 0n ? -position.size : position.size;
  return (position.entryValue * 10n ** BigInt(spec.quantityScale)) / open;
}

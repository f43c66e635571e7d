/*
 * The market maker's inventory on a perpetual market: pure integers, no I/O.
 * It skews its ladder against its position and never quotes the side whose
 * fills could take |position| past its bound; its quotes' margin holds must
 * fit its margin. Positions are signed quantity units (> 0 long).
 */
import { Ladder, LadderMarket, LadderParams, Level, QuoteSide, buildLadder, ceilDiv, gridSpacing, minimalQuantity, notional } from './ladder';

/** At |position| = the bound, the ladder's center is this many spacings away from the mark. */
export const SKEW_SPACINGS_AT_BOUND = 2n;

const PPM = 1_000_000n;
const BPS = 10_000n;

export interface Inventory {
  /** The maker's position, signed quantity units. */
  readonly position: bigint;
  /** The largest |position| allowed, quantity units (positionBound). */
  readonly maxPosition: bigint;
}

/** The quantity (on the step grid, rounded down) worth `maxNotional` quote smallest units at `mark`. */
export function positionBound(m: LadderMarket, mark: bigint, maxNotional: bigint): bigint {
  if (mark <= 0n) return 0n;
  return ((maxNotional / notional(m, mark, 1n)) / m.stepSize) * m.stepSize;
}

/**
 * How far the ladder's center moves below the mark (negative: above) for a
 * position: linear in it, SKEW_SPACINGS_AT_BOUND spacings at the bound (and
 * no further beyond it), truncated toward zero. Long: lower quotes (sell
 * sooner, buy later); short: higher.
 */
export function skewShift(position: bigint, maxPosition: bigint, spacing: bigint): bigint {
  if (maxPosition <= 0n || position === 0n) return 0n;
  const clamped = position > maxPosition ? maxPosition : position < -maxPosition ? -maxPosition : position;
  return (clamped * SKEW_SPACINGS_AT_BOUND * spacing) / maxPosition;
}

/**
 * The levels of one side (best first) whose fills, all of them, move the
 * position by at most `room`: a prefix of the side; the level that crosses
 * the room keeps what fits (on the step grid) if that still meets the
 * market's minimums, and the levels after it are left out.
 */
export function boundSide(m: LadderMarket, levels: readonly Level[], room: bigint): Level[] {
  const kept: Level[] = [];
  let left = room;
  for (const level of levels) {
    if (level.quantity <= left) {
      kept.push(level);
      left -= level.quantity;
      continue;
    }
    const part = (left / m.stepSize) * m.stepSize;
    if (part > 0n && part >= minimalQuantity(m, level.price)) kept.push({ ...level, quantity: part });
    break;
  }
  return kept;
}

/**
 * The perpetual maker's ladder: the spot ladder around the skewed center
 * (mark - skewShift), on the mark's grid and band, then bounded so that the
 * bids' total is at most `maxPosition - position` and the asks' at most
 * `maxPosition + position`: whatever fills, |position| stays within the bound
 * (fills move the position and the open quantity by the same amount).
 */
export function inventoryLadder(m: LadderMarket, mark: bigint, params: LadderParams, inventory: Inventory): Ladder {
  const spacing = gridSpacing(m.tickSize, (mark * params.stepBps) / BPS);
  const center = mark - skewShift(inventory.position, inventory.maxPosition, spacing);
  const ladder = buildLadder(m, mark, params, center);
  const room = (r: bigint): bigint => (r > 0n ? r : 0n);
  return {
    spacing: ladder.spacing,
    bids: boundSide(m, ladder.bids, room(inventory.maxPosition - inventory.position)),
    asks: boundSide(m, ladder.asks, room(inventory.maxPosition + inventory.position)),
  };
}

/** What a perp order of this level holds at most: its initial margin at its price and the taker fee (the part that reduces holds less). */
export function levelMargin(m: LadderMarket, level: Level, leverage: number): bigint {
  const value = notional(m, level.price, level.quantity);
  return ceilDiv(value, BigInt(leverage)) + ceilDiv(value * m.takerFeePpm, PPM);
}

/** The margin a whole ladder holds at most. */
export function ladderMargin(m: LadderMarket, ladder: Ladder, leverage: number): bigint {
  return [...ladder.bids, ...ladder.asks].reduce((sum, level) => sum + levelMargin(m, level, leverage), 0n);
}

/**
 * The ladder trimmed to a margin budget: levels are taken best first,
 * alternating bid and ask, each side a prefix (no gap), while their holds
 * fit. Returns the ladder and the margin it uses.
 */
export function fitMargin(m: LadderMarket, ladder: Ladder, budget: bigint, leverage: number): { ladder: Ladder; used: bigint } {
  const bids: Level[] = [];
  const asks: Level[] = [];
  let used = 0n;
  let bidsOpen = true;
  let asksOpen = true;
  for (let i = 0; bidsOpen || asksOpen; i++) {
    for (const [side, out] of [[ladder.bids, bids], [ladder.asks, asks]] as const) {
      const isBid = out === bids;
      if (isBid ? !bidsOpen : !asksOpen) continue;
      const level = side[i];
      const cost = level ? levelMargin(m, level, leverage) : 0n;
      if (!level || used + cost > budget) {
        if (isBid) bidsOpen = false;
        else asksOpen = false;
        continue;
      }
      out.push(level);
      used += cost;
    }
  }
  return { ladder: { spacing: ladder.spacing, bids, asks }, used };
}

/**
 * What a cross position ties up of the margin account: its initial margin at
 * the mark and its unrealized loss (a profit backs nothing here: the maker's
 * budget stays on the safe side). `entryValue` as the positions context keeps it.
 */
export function positionReserve(m: LadderMarket, size: bigint, entryValue: bigint, mark: bigint, leverage: number): bigint {
  if (size === 0n) return 0n;
  const value = notional(m, mark, size < 0n ? -size : size);
  const pnl = size > 0n ? value - entryValue : entryValue - value;
  return ceilDiv(value, BigInt(leverage)) + (pnl < 0n ? -pnl : 0n);
}

/**
 * The noise trader's side on a perpetual: the drawn one, unless its position
 * is at or past `bound` (either way), when it trades back toward flat. Its
 * position stays about within the bound, and so does the maker's share.
 */
export function noiseSide(drawn: QuoteSide, position: bigint, bound: bigint): QuoteSide {
  if (position >= bound && position > 0n) return QuoteSide.SELL;
  if (-position >= bound && position < 0n) return QuoteSide.BUY;
  return drawn;
}

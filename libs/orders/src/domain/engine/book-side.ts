import { PriceLevel } from './price-level';
import { Side, Take } from './order-book.types';

/**
 * One side of the book: levels in a sorted array with the best price at the END, so that
 * the hot operations (read the best level, drop an emptied best level) are O(1) `at`/`pop`.
 * Bids are ascending, asks descending. A new level is placed by binary search; the splice
 * that follows is cheap because new levels are created near the top of the book, i.e. near
 * the end of the array. A Map from price to level finds an existing level in O(1).
 */
export class BookSide {
  /** Worst first, best last. */
  readonly levels: PriceLevel[] = [];
  private readonly byPrice = new Map<bigint, PriceLevel>();
  private readonly isBid: boolean;

  constructor(readonly side: Side) {
    this.isBid = side === Side.BUY;
  }

  best(): PriceLevel | undefined {
    const levels = this.levels;
    return levels.length === 0 ? undefined : levels[levels.length - 1];
  }

  get(price: bigint): PriceLevel | undefined {
    return this.byPrice.get(price);
  }

  /** True when a taker on the other side with limit `limit` can trade at `price`. */
  crosses(price: bigint, limit: bigint): boolean {
    return this.isBid ? price >= limit : price <= limit;
  }

  /**
   * What a taker of `ownerId` with limit `limit` would trade on this side now, best price
   * first, without changing anything: the matching loop's walk. It stops at `quantity`, at
   * the limit, and at the owner's own first resting order (self-trade prevention, whose
   * only mode is EXPIRE_TAKER, ends the taker there, even inside a level).
   */
  takeable(ownerId: string, limit: bigint, quantity: bigint): Take[] {
    const out: Take[] = [];
    let need = quantity;
    for (let i = this.levels.length - 1; i >= 0 && need > 0n; i--) {
      const level = this.levels[i];
      if (!this.crosses(level.price, limit)) break;
      let take = 0n;
      let own = false;
      for (let n = level.head; n !== null && need > 0n; n = n.next) {
        if (n.ownerId === ownerId) {
          own = true;
          break;
        }
        const q = n.remaining < need ? n.remaining : need;
        take += q;
        need -= q;
      }
      if (take > 0n) out.push({ price: level.price, quantity: take });
      if (own) break;
    }
    return out;
  }

  getOrCreate(price: bigint): PriceLevel {
    const existing = this.byPrice.get(price);
    if (existing !== undefined) return existing;
    const level = new PriceLevel(this.side, price);
    this.byPrice.set(price, level);
    const levels = this.levels;
    const n = levels.length;
    // Fast path: a new best level (the usual case for a passive order improving the top).
    if (n === 0 || this.better(price, levels[n - 1].price)) {
      levels.push(level);
      return level;
    }
    levels.splice(this.lowerBound(price), 0, level);
    return level;
  }

  /** Drops an empty level. */
  remove(level: PriceLevel): void {
    this.byPrice.delete(level.price);
    const levels = this.levels;
    if (levels[levels.length - 1] === level) levels.pop();
    else levels.splice(this.lowerBound(level.price), 1);
  }

  clear(): void {
    this.levels.length = 0;
    this.byPrice.clear();
  }

  /** Index of the first level whose price is equal to or better than `price`. */
  private lowerBound(price: bigint): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(price, levels[mid].price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** a is a better price than b for this side (higher bid, lower ask). */
  private better(a: bigint, b: bigint): boolean {
    return this.isBid ? a > b : a < b;
  }
}

import { BookResult, Fill, LevelDelta, OrderReason, OrderState } from './order-book.types';
import { PriceLevel } from './price-level';

const NO_FILLS: readonly Fill[] = Object.freeze([]);
const NO_DELTAS: readonly LevelDelta[] = Object.freeze([]);

/**
 * The book's sequence and the scratch of the pass under way. Every call that changes the book
 * is one pass: it marks the levels it changes (a pass counter on each level, so no Map is
 * needed) and collects its fills, and `close` turns the marked levels into deltas with their
 * final aggregates and bumps `seq` by one if there were any. The scratch is reused from pass
 * to pass and never returned.
 */
export class BookPass {
  private current = 0;
  private readonly touched: PriceLevel[] = [];
  private touchedCount = 0;
  private fills: Fill[] | null = null;
  private bookSeq = 0;

  /** The sequence of the last pass that changed the book. */
  get seq(): number {
    return this.bookSeq;
  }

  /** Starts a pass that may change levels. */
  begin(): void {
    this.current++;
  }

  /** Marks a level changed by this pass (once, however often it changes). */
  touch(level: PriceLevel): void {
    if (level.touchedInPass !== this.current) {
      level.touchedInPass = this.current;
      this.touched[this.touchedCount++] = level;
    }
  }

  fill(fill: Fill): void {
    (this.fills ??= []).push(fill);
  }

  /** The whole book was replaced (load): every stream subscriber must see a gap. */
  replaced(): void {
    this.bookSeq++;
  }

  /** Closes the pass: turns touched levels into deltas and bumps `seq` if anything changed. */
  close(rejected: OrderReason | null, order: OrderState | null): BookResult {
    const count = this.touchedCount;
    let deltas = NO_DELTAS;
    if (count > 0) {
      // The scratch array keeps its slots (no length reset): stale entries are overwritten next pass.
      const touched = this.touched;
      const out: LevelDelta[] = new Array<LevelDelta>(count);
      for (let i = 0; i < count; i++) {
        const level = touched[i];
        out[i] = { side: level.side, price: level.price, quantity: level.total };
      }
      this.touchedCount = 0;
      deltas = out;
      this.bookSeq++;
    }
    const fills = this.fills ?? NO_FILLS;
    this.fills = null;
    return { rejected, order, fills, deltas, seq: this.bookSeq };
  }

  /** A new order refused before anything moved: no fills, no deltas, `seq` unchanged. */
  refused(reason: OrderReason, order: OrderState): BookResult {
    return { rejected: reason, order, fills: NO_FILLS, deltas: NO_DELTAS, seq: this.bookSeq };
  }
}

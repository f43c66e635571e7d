import { OrderSide } from './order-types';
import { OrderTrigger, TriggerBy, TriggerKind, directionOf, levelOf, reached, trail } from './trigger';

/** An untriggered order as the index watches it. */
export interface WatchedOrder {
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly trigger: OrderTrigger;
}

/** What one price did: the orders it reached (with their trigger as of that price), and the trailing stops whose anchor moved. */
export interface TickResult {
  readonly fired: WatchedOrder[];
  readonly moved: WatchedOrder[];
}

interface Rung {
  readonly id: string;
  readonly level: bigint;
}

/**
 * One market's fixed levels watching one price: the orders that fire on a
 * rise, by level descending (the lowest, first reached, last), and those that
 * fire on a fall, by level ascending (the highest last). A price that reaches
 * none costs two comparisons; one that reaches k costs k (plus the removals
 * the caller makes).
 */
class Ladder {
  private readonly rises: Rung[] = [];
  private readonly falls: Rung[] = [];

  put(id: string, rises: boolean, level: bigint): void {
    const list = rises ? this.rises : this.falls;
    list.splice(firstAt(list, rises, level), 0, { id, level });
  }

  remove(id: string, rises: boolean, level: bigint): void {
    const list = rises ? this.rises : this.falls;
    for (let i = firstAt(list, rises, level); i < list.length && list[i]!.level === level; i++) {
      if (list[i]!.id === id) {
        list.splice(i, 1);
        return;
      }
    }
  }

  /** The ids the price reaches, without removing them. */
  reachedBy(price: bigint): string[] {
    const ids: string[] = [];
    for (let i = this.rises.length - 1; i >= 0 && this.rises[i]!.level <= price; i--) ids.push(this.rises[i]!.id);
    for (let i = this.falls.length - 1; i >= 0 && this.falls[i]!.level >= price; i--) ids.push(this.falls[i]!.id);
    return ids;
  }
}

/**
 * The untriggered orders of every market by trigger level (docs/conditional-
 * orders.md, "Triggering"), so a tick costs a lookup, not a scan: STOP and
 * TAKE_PROFIT orders on a Ladder per (market, watched price). Trailing stops
 * move with the price, so they are kept apart and each price updates their
 * anchors: a tick costs one step per trailing stop of its market (they are
 * few beside the fixed ones; the figure is in docs/PERFORMANCE.md). The index
 * only proposes: the order's turn decides (decideTrigger).
 */
export class TriggerIndex {
  private readonly ladders = new Map<string, Ladder>();
  private readonly trailing = new Map<string, Map<string, WatchedOrder>>();
  private readonly byId = new Map<string, WatchedOrder>();
  /** How many orders each market has here: symbols() without a scan of every order. */
  private readonly perSymbol = new Map<string, number>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): WatchedOrder | undefined {
    return this.byId.get(id);
  }

  /** The markets with an order watching `by`. */
  symbols(): string[] {
    return [...this.perSymbol.keys()];
  }

  clear(): void {
    this.ladders.clear();
    this.trailing.clear();
    this.byId.clear();
    this.perSymbol.clear();
  }

  /** Adds the order, or replaces what was known of it. */
  put(order: WatchedOrder): void {
    this.remove(order.id);
    this.byId.set(order.id, order);
    this.perSymbol.set(order.symbol, (this.perSymbol.get(order.symbol) ?? 0) + 1);
    const key = keyOf(order.symbol, order.trigger.by);
    if (order.trigger.kind === TriggerKind.TRAILING_STOP) {
      const group = this.trailing.get(key) ?? new Map<string, WatchedOrder>();
      group.set(order.id, order);
      this.trailing.set(key, group);
      return;
    }
    const ladder = this.ladders.get(key) ?? new Ladder();
    this.ladders.set(key, ladder);
    ladder.put(order.id, directionOf(order.trigger.kind, order.side) === 'RISE', levelOf(order.trigger, order.side)!);
  }

  remove(id: string): void {
    const order = this.byId.get(id);
    if (!order) return;
    this.byId.delete(id);
    const left = this.perSymbol.get(order.symbol)! - 1;
    if (left === 0) this.perSymbol.delete(order.symbol);
    else this.perSymbol.set(order.symbol, left);
    const key = keyOf(order.symbol, order.trigger.by);
    if (order.trigger.kind === TriggerKind.TRAILING_STOP) {
      this.trailing.get(key)?.delete(id);
      return;
    }
    this.ladders.get(key)?.remove(id, directionOf(order.trigger.kind, order.side) === 'RISE', levelOf(order.trigger, order.side)!);
  }

  /**
   * A price of `symbol` (its mark or its last trade): the orders it reaches,
   * and the trailing stops whose anchor it moved (already updated here; the
   * caller stores them). Nothing is removed: the caller removes what its turn
   * decided.
   */
  tick(symbol: string, by: TriggerBy, price: bigint): TickResult {
    const key = keyOf(symbol, by);
    const fired: WatchedOrder[] = [];
    for (const id of this.ladders.get(key)?.reachedBy(price) ?? []) fired.push(this.byId.get(id)!);
    const moved: WatchedOrder[] = [];
    for (const order of this.trailing.get(key)?.values() ?? []) {
      const anchor = trail(order.trigger, order.side, price);
      let current = order;
      if (anchor !== order.trigger.anchor) {
        current = { ...order, trigger: { ...order.trigger, anchor } };
        this.trailing.get(key)!.set(order.id, current);
        this.byId.set(order.id, current);
        moved.push(current);
      }
      if (reached(current.trigger, current.side, price)) fired.push(current);
    }
    return { fired, moved };
  }
}

/**
 * The first place of `level` in a ladder (binary search): rises are sorted
 * descending, falls ascending, so the next to fire is always at the end.
 */
function firstAt(list: readonly Rung[], rises: boolean, level: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid]!.level;
    if (rises ? at > level : at < level) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keyOf(symbol: string, by: TriggerBy): string {
  return `${by}:${symbol}`;
}

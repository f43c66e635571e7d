import { AlertFeed, WatchedAlert, feedOf, levelOf } from './alert';

interface Rung {
  readonly id: string;
  readonly level: bigint;
}

/**
 * One (market, feed)'s alerts by level: those watching a rise by level
 * descending (the lowest, first reached, at the end), those watching a fall
 * ascending (the highest at the end). A value that reaches none costs two
 * comparisons; one that reaches k costs k. Insertion and removal find their
 * place by binary search.
 */
class Ladder {
  private readonly rises: Rung[] = [];
  private readonly falls: Rung[] = [];

  get size(): number {
    return this.rises.length + this.falls.length;
  }

  put(id: string, rises: boolean, level: bigint): void {
    const list = rises ? this.rises : this.falls;
    list.splice(firstAt(list, rises, level), 0, { id, level });
  }

  /** Appends without keeping the order: a bulk load, then sort(). */
  append(id: string, rises: boolean, level: bigint): void {
    (rises ? this.rises : this.falls).push({ id, level });
  }

  /** The order put() keeps: rises by level descending, falls ascending (equal levels in any order). */
  sort(): void {
    this.rises.sort((a, b) => (a.level > b.level ? -1 : a.level < b.level ? 1 : 0));
    this.falls.sort((a, b) => (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
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

  reachedBy(value: bigint): string[] {
    const ids: string[] = [];
    for (let i = this.rises.length - 1; i >= 0 && this.rises[i]!.level <= value; i--) ids.push(this.rises[i]!.id);
    for (let i = this.falls.length - 1; i >= 0 && this.falls[i]!.level >= value; i--) ids.push(this.falls[i]!.id);
    return ids;
  }
}

/**
 * The active alerts of every market, by the level each watches (levelOf),
 * on a Ladder per (market, feed): a tick costs a lookup, not a scan. The
 * index only proposes: the evaluator steps what it returns and stores the
 * step with a conditional UPDATE, then puts the alert back as it now is.
 */
export class AlertIndex<A extends WatchedAlert = WatchedAlert> {
  private readonly ladders = new Map<string, Ladder>();
  private readonly byId = new Map<string, A>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): A | undefined {
    return this.byId.get(id);
  }

  /** The (symbol, feed) pairs with an alert. */
  feeds(): { symbol: string; feed: AlertFeed }[] {
    const out: { symbol: string; feed: AlertFeed }[] = [];
    for (const [key, ladder] of this.ladders) {
      if (ladder.size === 0) continue;
      const at = key.indexOf(':');
      out.push({ feed: key.slice(0, at) as AlertFeed, symbol: key.slice(at + 1) });
    }
    return out;
  }

  clear(): void {
    this.ladders.clear();
    this.byId.clear();
  }

  /**
   * Everything known replaced by `alerts` (a rebuild from the database): one
   * sort per ladder rather than an ordered insertion per alert, which moves
   * half a ladder each (100,000 alerts: 0.3-0.8 s of a blocked event loop in
   * random order here, seconds in a sorted one; replaceAll 0.2-0.3 s). The same
   * index as clear() then put() each.
   */
  replaceAll(alerts: Iterable<A>): void {
    this.clear();
    for (const alert of alerts) this.byId.set(alert.id, alert);
    for (const alert of this.byId.values()) {
      const key = keyOf(alert.symbol, feedOf(alert));
      const ladder = this.ladders.get(key) ?? new Ladder();
      this.ladders.set(key, ladder);
      ladder.append(alert.id, alert.rises, levelOf(alert));
    }
    for (const ladder of this.ladders.values()) ladder.sort();
  }

  /** Adds the alert, or replaces what was known of it. */
  put(alert: A): void {
    this.remove(alert.id);
    this.byId.set(alert.id, alert);
    const key = keyOf(alert.symbol, feedOf(alert));
    const ladder = this.ladders.get(key) ?? new Ladder();
    this.ladders.set(key, ladder);
    ladder.put(alert.id, alert.rises, levelOf(alert));
  }

  remove(id: string): void {
    const alert = this.byId.get(id);
    if (!alert) return;
    this.byId.delete(id);
    const key = keyOf(alert.symbol, feedOf(alert));
    const ladder = this.ladders.get(key);
    ladder?.remove(id, alert.rises, levelOf(alert));
    if (ladder && ladder.size === 0) this.ladders.delete(key);
  }

  /** The alerts a value of (symbol, feed) reaches; nothing is removed. */
  tick(symbol: string, feed: AlertFeed, value: bigint): A[] {
    return (this.ladders.get(keyOf(symbol, feed))?.reachedBy(value) ?? []).map((id) => this.byId.get(id)!);
  }
}

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

function keyOf(symbol: string, feed: AlertFeed): string {
  return `${feed}:${symbol}`;
}

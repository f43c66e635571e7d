/**
 * The positions of one perpetual market by liquidation price, so a mark tick
 * touches only the positions its move crossed instead of scanning them all
 * (docs/risk.md). A long is at risk when the mark falls to or below its
 * liquidation price, a short when it rises to or above it. Entries are kept
 * in two arrays sorted so that the next at risk is at the end (a tick pops
 * from there); an update is a binary-searched removal and insert.
 */
export interface IndexedPosition {
  /** One per position: `${userId}` on an isolated position, the account for cross (the caller decides). */
  readonly key: string;
  readonly side: 'LONG' | 'SHORT';
  /** Price units; a position that no price liquidates is not indexed. */
  readonly liquidationPrice: bigint;
}

export class LiquidationIndex {
  /** Longs by liquidation price ascending: the highest (first at risk when the mark falls) last. */
  private readonly longs: IndexedPosition[] = [];
  /** Shorts by liquidation price descending: the lowest (first at risk when the mark rises) last. */
  private readonly shorts: IndexedPosition[] = [];
  private readonly byKey = new Map<string, IndexedPosition>();

  get size(): number {
    return this.byKey.size;
  }

  /** Replaces everything with `entries` (one per key), sorted once: a rebuild costs O(n log n), not n inserts. */
  load(entries: readonly IndexedPosition[]): void {
    this.byKey.clear();
    this.longs.length = 0;
    this.shorts.length = 0;
    for (const entry of entries) {
      if (this.byKey.has(entry.key)) throw new Error(`liquidation index: ${entry.key} twice`);
      this.byKey.set(entry.key, entry);
      this.listOf(entry.side).push(entry);
    }
    const order = (a: IndexedPosition, b: IndexedPosition) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0);
    this.longs.sort(order);
    this.shorts.sort(order);
  }

  /** Sets (or, with null, removes) the key's entry. */
  put(key: string, entry: Omit<IndexedPosition, 'key'> | null): void {
    const before = this.byKey.get(key);
    if (before) {
      const list = this.listOf(before.side);
      list.splice(this.find(list, before), 1);
      this.byKey.delete(key);
    }
    if (entry === null) return;
    const indexed: IndexedPosition = { key, ...entry };
    const list = this.listOf(indexed.side);
    list.splice(this.insertionPoint(list, indexed), 0, indexed);
    this.byKey.set(key, indexed);
  }

  /**
   * The entries the mark reaches (longs at or above it, shorts at or below
   * it), most at risk first, without removing them: the caller liquidates
   * and puts their new state back.
   */
  reachedBy(mark: bigint): IndexedPosition[] {
    const reached: IndexedPosition[] = [];
    for (let i = this.longs.length - 1; i >= 0 && this.longs[i]!.liquidationPrice >= mark; i--) reached.push(this.longs[i]!);
    for (let i = this.shorts.length - 1; i >= 0 && this.shorts[i]!.liquidationPrice <= mark; i--) reached.push(this.shorts[i]!);
    return reached;
  }

  private listOf(side: IndexedPosition['side']): IndexedPosition[] {
    return side === 'LONG' ? this.longs : this.shorts;
  }

  /** Order within a list: by price (ascending for longs, descending for shorts), then by key. */
  private before(a: IndexedPosition, b: IndexedPosition): boolean {
    if (a.liquidationPrice !== b.liquidationPrice) return a.side === 'LONG' ? a.liquidationPrice < b.liquidationPrice : a.liquidationPrice > b.liquidationPrice;
    return a.key < b.key;
  }

  private insertionPoint(list: readonly IndexedPosition[], entry: IndexedPosition): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(list[mid]!, entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(list: readonly IndexedPosition[], entry: IndexedPosition): number {
    const at = this.insertionPoint(list, entry);
    if (list[at]?.key !== entry.key) throw new Error(`liquidation index lost ${entry.key}`);
    return at;
  }
}

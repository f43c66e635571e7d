import { Injectable } from '@nestjs/common';
import { PositionRecord, PositionRepository } from '@lib/positions';
import { Order, OrderBook, OrderStatus } from '../domain';
import { BookSnapshots, restingOf } from './book-snapshots';
import { OpenOrders } from './open-orders';
import { OrderRepository } from './ports';

/** A market in memory: the book, and the full state of every order resting in it (what settles a fill without a read). */
export interface MarketMemory {
  readonly book: OrderBook;
  /** Open orders by id (and by owner); a turn keeps it in step with the book. */
  readonly open: OpenOrders;
  /** Conditional orders waiting for their trigger (never in the book), by id and by owner. */
  readonly untriggered: OpenOrders;
  /**
   * Perpetuals: every user's position row on this market by user id, as of
   * the same version as the book (a turn keeps it in step; each row keeps
   * its stored version, which the write checks). Empty for spot.
   */
  readonly positions: Map<string, PositionRecord>;
}

interface Entry extends MarketMemory {
  /** The market version this book reflects; undefined when unknown (loaded outside a turn). */
  version: bigint | undefined;
  /** Holds changes that did not commit: rebuild before any use. */
  stale: boolean;
}

/**
 * The in-memory books, a cache of the open orders in the database, each with
 * the market version it reflects. A batch decides either on `cached` (no
 * read: its writes then check that the market is still at that version, and
 * `committed` records the version they made), or, after bumping the market
 * first (the row lock), on `inTurn`, which checks the cache against the
 * version the batch just took: a book that missed a change (another instance
 * wrote, or a failed batch) is rebuilt from the database on the batch's own
 * connection first. Callers hold the market's sequencer turn: a book is
 * never touched by two commands at once.
 */
@Injectable()
export class OrderBooks {
  private readonly books = new Map<string, Entry>();

  constructor(
    private readonly orders: OrderRepository,
    private readonly snapshots: BookSnapshots,
    private readonly positions: PositionRepository,
  ) {}

  /** The book and its orders as they are in memory, with the version they reflect; undefined when that is not known (never loaded, stale, or loaded outside a turn). */
  cached(symbol: string): { memory: MarketMemory; version: bigint } | undefined {
    const entry = this.books.get(symbol);
    if (!entry || entry.stale || entry.version === undefined) return undefined;
    return { memory: entry, version: entry.version };
  }

  /** A batch that decided on `cached` committed its writes, which took the market to `version`. */
  committed(symbol: string, version: bigint): void {
    const entry = this.books.get(symbol);
    if (entry && !entry.stale) entry.version = version;
  }

  /** For a turn that bumped the market to `version`: the book and its orders, current as of the version before. */
  async inTurn(symbol: string, version: bigint): Promise<MarketMemory> {
    let entry = this.books.get(symbol);
    if (!entry || entry.stale || entry.version !== version - 1n) entry = await this.load(symbol);
    entry.version = version;
    return entry;
  }

  /** A failed turn that did not touch the book: it is still current as of the version before. */
  rollBack(symbol: string, version: bigint): void {
    const entry = this.books.get(symbol);
    if (entry && entry.version === version) entry.version = version - 1n;
  }

  /**
   * A batch of these markets committed (called at once, before the lane's
   * next batch can start): each book that is current at a known version is
   * what committed, so its depth is kept for readers outside the lane
   * (BookSnapshots). Costs nothing for a market whose book did not change.
   */
  settled(symbols: Iterable<string>): void {
    for (const symbol of symbols) {
      const entry = this.books.get(symbol);
      if (entry && !entry.stale && entry.version !== undefined) this.snapshots.record(symbol, entry.version, entry.book);
    }
  }

  /**
   * The book as of the market's version in the database, rebuilt when it
   * is behind (boot). Call it between turns (in the sequencer).
   */
  async current(symbol: string): Promise<OrderBook> {
    return (await this.currentMemory(symbol)).book;
  }

  /** As `current`, with the open orders beside the book (never change them: a read's view). */
  async currentMemory(symbol: string): Promise<MarketMemory> {
    const version = await this.orders.marketVersion(symbol);
    const entry = this.books.get(symbol);
    if (entry && !entry.stale && entry.version === version) return entry;
    // Read the version first: the rebuilt book is at least that new; a later turn rebuilds again if it is newer.
    const loaded = await this.load(symbol);
    loaded.version = version;
    this.snapshots.record(symbol, version, loaded.book);
    return loaded;
  }

  /**
   * A book that may hold what a failed turn did: marked unknown, so the next
   * turn or read rebuilds it. The object stays, so its `seq` keeps growing and
   * stream subscribers see a gap (never a sequence that starts over).
   */
  forget(symbol: string): void {
    const entry = this.books.get(symbol);
    if (entry) {
      entry.version = undefined;
      entry.stale = true;
    }
  }

  private async load(symbol: string): Promise<Entry> {
    // One after the other: inside a batch both run on its one connection.
    const open = await this.orders.openInMarket(symbol);
    const positions = await this.positions.ofMarket(symbol);
    // The same book object across reloads: its seq keeps growing, so stream subscribers see the gap.
    const entry: Entry = this.books.get(symbol) ?? {
      book: new OrderBook(symbol),
      open: new OpenOrders(),
      untriggered: new OpenOrders(),
      positions: new Map(),
      version: undefined,
      stale: true,
    };
    this.books.set(symbol, entry);
    entry.version = undefined;
    entry.stale = true;
    entry.open.clear();
    entry.untriggered.clear();
    const resting = open.filter((o) => o.status !== OrderStatus.UNTRIGGERED);
    for (const o of resting) entry.open.set(o.id, new Order(o));
    for (const o of open) if (o.status === OrderStatus.UNTRIGGERED) entry.untriggered.set(o.id, new Order(o));
    entry.positions.clear();
    for (const p of positions) entry.positions.set(p.userId, p);
    // On a throw (data no history can produce) the entry stays stale: every use tries again.
    entry.book.load(resting.map(restingOf));
    entry.stale = false;
    return entry;
  }
}

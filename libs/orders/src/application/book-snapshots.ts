import { Injectable } from '@nestjs/common';
import { Depth, OrderBook, RestingOrder } from '../domain';
import { OrderRepository, StoredOrder } from './ports';

/** Levels per side a snapshot keeps (the /market snapshot's depth; REST asks for at most 500). */
export const SNAPSHOT_LEVELS = 1000;

/** One market's depth as of a committed version: immutable, shared by every reader. */
export interface BookSnapshot {
  readonly symbol: string;
  /** The market version (orders.market_state) it reflects. */
  readonly version: bigint;
  /** The book's sequence: a /market client applies the deltas after it. */
  readonly seq: number;
  readonly depth: Depth;
}

/**
 * Book snapshots kept outside the order lanes, so depth reads (REST, /market
 * subscribes) never wait in a lane behind order batches, and a flood of
 * them costs no batch anything.
 *
 * The lane records a snapshot of its book after each committed batch and
 * after a rebuild at a known version (`record`, called by OrderBooks): the
 * book is then exactly what committed, and nothing mutates it until the
 * lane's next batch, which starts later. A reader takes the newest snapshot
 * when it is at least as new as the market version in the database (one
 * cheap read, shared by concurrent readers). When the database is ahead
 * (another instance wrote the market), the snapshot is rebuilt from a fresh
 * read of the open orders into a scratch book, never the lane's, once for
 * all the readers waiting (single flight).
 *
 * Seq of a rebuilt snapshot: the lane's next batch rebuilds its own book
 * (that bumps its seq by one) before it changes anything, so the rebuilt
 * snapshot takes the last recorded seq + 1: a client that then gets the
 * lane's deltas continues without a gap, unless the book moved again in
 * between, which the client sees as a gap (it resubscribes).
 */
@Injectable()
export class BookSnapshots {
  private readonly latest = new Map<string, BookSnapshot>();
  private readonly versionReads = new Map<string, Promise<bigint>>();
  private readonly rebuilds = new Map<string, Promise<BookSnapshot>>();

  constructor(private readonly orders: OrderRepository) {}

  /** The lane's book is current at `version` (a batch committed, or it was rebuilt): keep its depth. */
  record(symbol: string, version: bigint, book: OrderBook): void {
    const held = this.latest.get(symbol);
    if (held && held.version > version) return;
    if (held && held.seq === book.seq && held.version === version) return;
    this.latest.set(symbol, { symbol, version, seq: book.seq, depth: held && held.seq === book.seq ? held.depth : book.depth(SNAPSHOT_LEVELS) });
  }

  /** The newest snapshot this instance holds, whatever its version (undefined before the first). */
  held(symbol: string): BookSnapshot | undefined {
    return this.latest.get(symbol);
  }

  /**
   * The market's depth as of (at least) the version the database had when
   * this call's read of it ran: what another instance committed is seen.
   * Never waits for an order lane.
   */
  async current(symbol: string): Promise<BookSnapshot> {
    const version = await this.databaseVersion(symbol);
    const held = this.latest.get(symbol);
    if (held && held.version >= version) return held;
    // At most twice: a rebuild already running may have read an older version than ours.
    const first = await this.rebuild(symbol);
    if (first.version >= version) return first;
    return this.rebuild(symbol);
  }

  /** Concurrent readers of one market share one read of its version. */
  private databaseVersion(symbol: string): Promise<bigint> {
    let read = this.versionReads.get(symbol);
    if (!read) {
      read = this.orders.marketVersion(symbol).finally(() => this.versionReads.delete(symbol));
      this.versionReads.set(symbol, read);
    }
    return read;
  }

  private rebuild(symbol: string): Promise<BookSnapshot> {
    let running = this.rebuilds.get(symbol);
    if (!running) {
      running = this.readAndBuild(symbol).finally(() => this.rebuilds.delete(symbol));
      this.rebuilds.set(symbol, running);
    }
    return running;
  }

  private async readAndBuild(symbol: string): Promise<BookSnapshot> {
    // The version first: the open orders read after it are at least that new.
    const version = await this.orders.marketVersion(symbol);
    const open = await this.orders.openInMarket(symbol);
    const held = this.latest.get(symbol);
    // The lane caught up meanwhile (it records at every commit): its snapshot has the real seq.
    if (held && held.version >= version) return held;
    const scratch = new OrderBook(symbol);
    scratch.load(open.map(restingOf));
    const snapshot: BookSnapshot = { symbol, version, seq: (held?.seq ?? 0) + 1, depth: scratch.depth(SNAPSHOT_LEVELS) };
    this.latest.set(symbol, snapshot);
    return snapshot;
  }
}

/** An open order as the engine rests it (priority order is the caller's). */
export function restingOf(o: StoredOrder): RestingOrder {
  return {
    id: o.id,
    ownerId: o.userId,
    side: o.side as RestingOrder['side'],
    price: o.price!,
    quantity: o.quantity,
    filled: o.filledQuantity,
    timeInForce: o.timeInForce as RestingOrder['timeInForce'],
    sequence: o.priority,
  };
}

import type { NewIntegrationEvent } from '@lib/platform';
import type { AvailableFunds, LedgerEntryInput } from '@lib/wallet';
import { Order, OrderBook } from '../domain';
import type { MarketMemory } from './order-books';
import { clientOrderKey, type NamedOrder, type NewTrade, type StoredTrade } from './ports';

/**
 * What one command of a batch stages for the batch's writes. The orders are
 * written in their state at the end of the batch (one row per order); the
 * ledger entries and events are built once the trades have their ids.
 */
export interface TurnWrite {
  readonly orders: readonly { readonly order: Order; readonly isNew: boolean }[];
  readonly trades: readonly NewTrade[];
  /** The ledger entries of this write, given its stored trades (same order as `trades`). */
  readonly entries: (trades: readonly StoredTrade[]) => LedgerEntryInput[];
  /** Its events, given its stored trades; snapshots of order states are taken when staged. */
  readonly events: (trades: readonly StoredTrade[]) => NewIntegrationEvent[];
  /** Told its stored trades once they are written (for the command's answer). */
  readonly written?: (trades: readonly StoredTrade[]) => void;
}

/** The answer of a command, computed after the batch's writes (trade ids known), in its transaction. */
export type Answer<T> = () => T | Promise<T>;

/**
 * A command's view of its market during its market's turn. Commands of one
 * batch run one after the other on the same book: each sees what the ones
 * before it did. Set `bookChanged` before changing the book, and call
 * `wroteToDatabase` before writing anything yourself: a command that fails
 * after either is taken out of the batch, which is then rolled back and run
 * again without it; one that fails before both is simply refused.
 */
export interface Turn {
  readonly book: OrderBook;
  bookChanged: boolean;
  /** The open order `id` of this market, as this batch left it; undefined when not open. */
  openOrder(id: string): Order | undefined;
  /** An order of this market touched earlier in this batch (open or not), for its status. */
  touchedOrder(id: string): Order | undefined;
  /** The user's open orders in this market, as this batch left them. */
  openOrdersOf(userId: string): Order[];
  /** The user's open orders across markets (counted at the batch's start, plus this batch's new resting ones); 0 unless declared. */
  openOrderCount(userId: string): number;
  /** The committed order this clientOrderId names, as read when the batch began (declared in the command's options). */
  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined;
  /** Available funds of the accounts the batch's commands declared, spent down as they hold. */
  readonly funds: AvailableFunds | null;
  wroteToDatabase(): void;
  /** Stages this command's writes (at most once per command; last thing it does before answering). */
  stage(write: TurnWrite): void;
}

/**
 * One batch: its commands may be on several markets (one lane). What is
 * shared by all of them: the staged writes in command order, the funds read
 * once (a user's USDT spent in two markets of the batch is one balance), and
 * the open-order counts.
 */
export class Batch {
  readonly writes: { readonly write: TurnWrite; readonly owner: number }[] = [];
  private readonly newResting = new Map<string, number>();

  constructor(
    private readonly openCounts: ReadonlyMap<string, number>,
    readonly funds: AvailableFunds | null,
    /** `${userId}:${clientOrderId}` to the order it names, for the clientOrderIds the commands declared. */
    private readonly named: ReadonlyMap<string, NamedOrder>,
  ) {}

  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined {
    return this.named.get(clientOrderKey(userId, clientOrderId));
  }

  openOrderCount(userId: string): number {
    return (this.openCounts.get(userId) ?? 0) + (this.newResting.get(userId) ?? 0);
  }

  /** Keeps a market's memory in step with what a command did, and queues its writes. */
  record(market: MarketBatch, write: TurnWrite, owner: number): void {
    market.staged = true;
    for (const { order, isNew } of write.orders) {
      market.touch(order);
      if (isNew && order.isOpen) this.newResting.set(order.state.userId, (this.newResting.get(order.state.userId) ?? 0) + 1);
    }
    this.writes.push({ write, owner });
  }
}

/** One market of a batch: its memory, whether a command changed its book, and whether one staged writes. */
export class MarketBatch {
  bookChanged = false;
  staged = false;
  private readonly touched = new Map<string, Order>();

  constructor(readonly memory: MarketMemory) {}

  touchedOrder(id: string): Order | undefined {
    return this.touched.get(id);
  }

  touch(order: Order): void {
    this.touched.set(order.state.id, order);
    if (order.isOpen) this.memory.open.set(order.state.id, order);
    else this.memory.open.delete(order.state.id);
  }
}

export class CommandTurn implements Turn {
  private changed = false;
  private wrote = false;
  private staged = false;

  constructor(
    private readonly batch: Batch,
    private readonly market: MarketBatch,
    readonly index: number,
  ) {}

  get book(): OrderBook {
    return this.market.memory.book;
  }

  get bookChanged(): boolean {
    return this.changed;
  }

  set bookChanged(value: boolean) {
    this.changed = this.changed || value;
    if (value) this.market.bookChanged = true;
  }

  /** Failing now needs the batch rolled back (it changed the book or wrote). */
  get dirty(): boolean {
    return this.changed || this.wrote;
  }

  get funds(): AvailableFunds | null {
    return this.batch.funds;
  }

  openOrder(id: string): Order | undefined {
    return this.market.memory.open.get(id);
  }

  touchedOrder(id: string): Order | undefined {
    return this.market.touchedOrder(id);
  }

  openOrdersOf(userId: string): Order[] {
    return [...this.market.memory.open.values()].filter((o) => o.state.userId === userId).sort((a, b) => (a.state.priority < b.state.priority ? -1 : 1));
  }

  openOrderCount(userId: string): number {
    return this.batch.openOrderCount(userId);
  }

  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined {
    return this.batch.orderNamed(userId, clientOrderId);
  }

  wroteToDatabase(): void {
    this.wrote = true;
  }

  stage(write: TurnWrite): void {
    if (this.staged) throw new Error('a command stages its writes once');
    this.staged = true;
    this.batch.record(this.market, write, this.index);
  }
}

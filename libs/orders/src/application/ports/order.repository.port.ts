import { OrderData, OrderStatus } from '../../domain';

export interface NewTrade {
  readonly symbol: string;
  readonly price: bigint;
  readonly quantity: bigint;
  readonly quote: bigint;
  readonly takerSide: string;
  readonly makerOrderId: string;
  readonly takerOrderId: string;
  readonly makerUserId: string;
  readonly takerUserId: string;
  readonly makerFee: bigint;
  readonly takerFee: bigint;
  readonly createdAt: Date;
}

export interface StoredTrade extends NewTrade {
  readonly id: string;
}

export type StoredOrder = OrderData;

export interface OrderFilter {
  readonly userId: string;
  readonly symbol?: string;
  readonly statuses?: readonly OrderStatus[];
  readonly from?: Date;
  readonly to?: Date;
  readonly before?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
}

export interface TradeFilter {
  readonly symbol?: string;
  readonly userId?: string;
  readonly orderId?: string;
  readonly beforeId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
}

export interface CandleRow {
  readonly openTime: Date;
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
  readonly close: bigint;
  readonly volume: bigint;
  readonly quoteVolume: bigint;
  readonly trades: number;
}

export interface TradeStats {
  readonly symbol: string;
  readonly open: bigint | null;
  readonly high: bigint | null;
  readonly low: bigint | null;
  readonly last: bigint | null;
  readonly volume: bigint;
  readonly quoteVolume: bigint;
  readonly trades: number;
}

/** A market's trades over a period: count, base volume (quantity units), quote volume and fees (maker + taker; quote units). */
export interface TradeTotals {
  readonly symbol: string;
  readonly trades: number;
  readonly base: bigint;
  readonly quote: bigint;
  readonly fees: bigint;
}

/**
 * The market versions a batch decided on (its books in memory, read at no
 * lock): the markets it writes are bumped by one only if still at them, the
 * others only checked. A missing market_state row is version 0.
 */
export interface MarketVersionCheck {
  readonly bump: ReadonlyMap<string, bigint>;
  readonly unchanged: ReadonlyMap<string, bigint>;
}

/** An order a clientOrderId names: its id, and what a repeat is compared with (symbol, side, type, time in force, price, quantity). */
export type NamedOrder = Pick<OrderData, 'id' | 'symbol' | 'side' | 'type' | 'timeInForce' | 'price' | 'quantity' | 'reduceOnly'>;

/** What a user's open orders of one market hold of one asset (smallest units), and how many hold it. */
export interface OpenHold {
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  readonly held: bigint;
  readonly orders: number;
}

/** The key of a (user, clientOrderId) pair in `ordersByClientOrderIds`' answer. */
export function clientOrderKey(userId: string, clientOrderId: string): string {
  return `${userId}:${clientOrderId}`;
}

/** Orders and trades in SQL; every method runs on the ambient transaction's connection when one is active. */
export abstract class OrderRepository {
  /**
   * One matching pass in one statement: inserts new orders, updates known
   * ones (by id), inserts the trades and returns them. With `expected`, the
   * same statement first bumps the markets of `expected.bump` (symbol order,
   * row locks held until commit) but only those still at their expected
   * version, and checks that those of `expected.unchanged` still are; unless
   * every one of them was, it writes no order and no trade and `current` is
   * false; a market of `expected.bump` that was still at its version may
   * have been bumped, so the caller must roll back. Without it, `current` is
   * always true.
   */
  abstract writePass(
    orders: readonly { order: StoredOrder; isNew: boolean }[],
    trades: readonly NewTrade[],
    expected?: MarketVersionCheck,
  ): Promise<{ trades: StoredTrade[]; current: boolean }>;
  /**
   * Bumps the version of each market (in the order given: callers sort them)
   * and returns them. The first statement of a batch that did not decide on
   * cached books: the row locks serialise each market's commands across
   * instances until commit. Also counts the open orders across markets of
   * `countOpenOf`'s users (in the same round trip; a user with none is absent).
   */
  abstract bumpMarketVersions(symbols: readonly string[], countOpenOf?: readonly string[]): Promise<{ versions: Map<string, bigint>; openOrders: Map<string, number> }>;
  /** The open orders across markets of each user, without a lock (a user with none is absent). */
  abstract openOrderCounts(users: readonly string[]): Promise<Map<string, number>>;
  /** The market's version now (0 before its first command), without a lock. */
  abstract marketVersion(symbol: string): Promise<bigint>;
  abstract findByIds(ids: readonly string[]): Promise<StoredOrder[]>;
  abstract findForUser(userId: string, idOrClientId: string): Promise<StoredOrder | null>;
  abstract findByClientOrderId(userId: string, clientOrderId: string): Promise<StoredOrder | null>;
  /** The orders these (user, clientOrderId) pairs name, keyed `${userId}:${clientOrderId}` (absent: none). */
  abstract ordersByClientOrderIds(pairs: readonly { userId: string; clientOrderId: string }[]): Promise<Map<string, NamedOrder>>;
  /** Open orders of a market in priority order (what its book is rebuilt from), then its untriggered ones. */
  abstract openInMarket(symbol: string): Promise<StoredOrder[]>;
  /** Every untriggered order of every market. */
  abstract untriggered(): Promise<StoredOrder[]>;
  /**
   * Stores trailing stops' anchors as the trigger monitor moved them, never
   * backwards (a sell keeps the higher, a buy the lower): written outside the
   * markets' turns, so two writers cannot undo each other.
   */
  abstract saveTrailAnchors(rows: readonly { id: string; side: string; anchor: bigint }[]): Promise<void>;
  /** Open or untriggered GTD orders whose goodTillDate is at or before `now`, oldest first. */
  abstract dueGoodTill(now: Date, limit: number): Promise<{ id: string; symbol: string }[]>;
  abstract marketsWithOpenOrders(): Promise<string[]>;
  /** What every open order holds, summed per user, market and asset (orders holding nothing left out). */
  abstract openHolds(): Promise<OpenHold[]>;
  abstract openIdsOfUser(userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]>;
  abstract list(filter: OrderFilter): Promise<StoredOrder[]>;
  abstract trades(filter: TradeFilter): Promise<StoredTrade[]>;
  abstract candles(symbol: string, intervalSeconds: number, from: Date, to: Date, limit: number): Promise<CandleRow[]>;
  abstract stats24h(symbols: readonly string[], now: Date): Promise<TradeStats[]>;
  /** Trade totals of each market in [from, to), in the order of `symbols`' sorted names (a market without trades: zeros). */
  abstract tradeTotals(symbols: readonly string[], from: Date, to: Date): Promise<TradeTotals[]>;
  /** Open orders (NEW, PARTIALLY_FILLED) and untriggered conditional orders per market that has any. */
  abstract openOrdersByMarket(): Promise<{ symbol: string; open: number; untriggered: number }[]>;
}

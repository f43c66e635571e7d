/**
 * The vocabulary of the matching engine. Prices are integer ticks and quantities integer
 * lots (bigint): the application converts decimals with the instrument's tick and step
 * before calling the book, and back when it answers a client.
 */

export enum Side {
  BUY = 'BUY',
  SELL = 'SELL',
}

export enum OrderType {
  LIMIT = 'LIMIT',
  /** Carries a protection price (the edge of the price band): it never trades beyond it and never rests. */
  MARKET = 'MARKET',
}

export enum TimeInForce {
  GTC = 'GTC',
  /** Good till a date: rests as GTC in the book; the orders context expires it at its goodTillDate. */
  GTD = 'GTD',
  IOC = 'IOC',
  FOK = 'FOK',
  POST_ONLY = 'POST_ONLY',
}

export enum OrderStatus {
  /** A conditional order waiting for its trigger (never in a book: the orders context keeps it beside it). */
  UNTRIGGERED = 'UNTRIGGERED',
  NEW = 'NEW',
  PARTIALLY_FILLED = 'PARTIALLY_FILLED',
  FILLED = 'FILLED',
  CANCELED = 'CANCELED',
  EXPIRED = 'EXPIRED',
  REJECTED = 'REJECTED',
}

/**
 * What happens when a taker would trade with a resting order of the same owner.
 * Only EXPIRE_TAKER exists today; EXPIRE_MAKER and EXPIRE_BOTH slot in here and in the
 * exhaustive switch of self-trade-prevention.ts.
 */
export enum SelfTradePrevention {
  EXPIRE_TAKER = 'EXPIRE_TAKER',
}

/** Why an order ended, or why a request was refused. Stable codes: clients switch on them. */
export enum OrderReason {
  // A request refused (the book is unchanged).
  DUPLICATE_ORDER_ID = 'DUPLICATE_ORDER_ID',
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  INVALID_PRICE = 'INVALID_PRICE',
  INVALID_TIME_IN_FORCE = 'INVALID_TIME_IN_FORCE',
  INVALID_AMEND = 'INVALID_AMEND',
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  POST_ONLY_WOULD_TAKE = 'POST_ONLY_WOULD_TAKE',
  // An accepted order that ended without resting in full.
  FOK_NOT_FILLABLE = 'FOK_NOT_FILLABLE',
  IOC_REMAINDER = 'IOC_REMAINDER',
  MARKET_REMAINDER = 'MARKET_REMAINDER',
  SELF_TRADE_PREVENTED = 'SELF_TRADE_PREVENTED',
  CANCELED_BY_REQUEST = 'CANCELED_BY_REQUEST',
  AMENDED_TO_FILLED = 'AMENDED_TO_FILLED',
  /** A GTD order reached its goodTillDate (the orders context expires it). */
  GTD_EXPIRED = 'GTD_EXPIRED',
}

/** An order handed to `place`. */
export interface NewOrder {
  readonly id: string;
  readonly ownerId: string;
  readonly side: Side;
  readonly type: OrderType;
  /** LIMIT: the limit price. MARKET: the protection price, the worst price it may trade at. */
  readonly price: bigint;
  readonly quantity: bigint;
  readonly timeInForce: TimeInForce;
  /** Defaults to EXPIRE_TAKER. */
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Priority stamp from the caller (e.g. the database sequence); the book assigns one when absent. */
  readonly sequence?: number;
}

/** An open order read back from the database on boot. */
export interface RestingOrder {
  readonly id: string;
  readonly ownerId: string;
  readonly side: Side;
  readonly price: bigint;
  readonly quantity: bigint;
  /** Already filled; the order rests with quantity - filled. */
  readonly filled: bigint;
  /** GTC or POST_ONLY: nothing else rests. */
  readonly timeInForce: TimeInForce;
  readonly sequence?: number;
}

/** `amend`: `quantity` is the new total quantity (filled part included). */
export interface AmendOrder {
  readonly price?: bigint;
  readonly quantity?: bigint;
  readonly sequence?: number;
}

/** A read-only picture of one order at the end of a pass. */
export interface OrderState {
  readonly id: string;
  readonly ownerId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: bigint;
  readonly quantity: bigint;
  readonly filled: bigint;
  /** What still rests in the book (0 once the order has ended). */
  readonly remaining: bigint;
  readonly status: OrderStatus;
  /** Why the order ended (CANCELED, EXPIRED, REJECTED); null while it lives or once FILLED. */
  readonly reason: OrderReason | null;
  readonly sequence: number;
}

/** One trade. The price is always the maker's. */
export interface Fill {
  readonly makerOrderId: string;
  readonly takerOrderId: string;
  readonly makerOwnerId: string;
  readonly takerOwnerId: string;
  readonly takerSide: Side;
  readonly price: bigint;
  readonly quantity: bigint;
  readonly makerRemaining: bigint;
  readonly makerFilled: boolean;
}

/** The new aggregate of a level after a pass; 0 means the level is gone. */
export interface LevelDelta {
  readonly side: Side;
  readonly price: bigint;
  readonly quantity: bigint;
}

/** The answer of `place`, `cancel` and `amend`. */
export interface BookResult {
  /** The request was refused (the book did not change); null when it was carried out. */
  readonly rejected: OrderReason | null;
  /**
   * The taker's (or the target's) state after the pass. For a refused cancel or amend of a live
   * order it is that order's unchanged state; null only when the target id is unknown.
   */
  readonly order: OrderState | null;
  readonly fills: readonly Fill[];
  /** One entry per level touched by the pass, with its final aggregate. */
  readonly deltas: readonly LevelDelta[];
  /** The book's sequence after the pass; it grows by exactly 1 for every pass with deltas. */
  readonly seq: number;
}

export interface DepthLevel {
  readonly price: bigint;
  readonly quantity: bigint;
  readonly orders: number;
}

/** Part of a taker's walk: what it would trade at one price. */
export interface Take {
  readonly price: bigint;
  readonly quantity: bigint;
}

export interface Depth {
  readonly seq: number;
  /** Best first. */
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

/** Every level with its orders in priority order: for tests, audits and reconciliation. */
export interface BookSnapshot {
  readonly seq: number;
  readonly bids: readonly SnapshotLevel[];
  readonly asks: readonly SnapshotLevel[];
}

export interface SnapshotLevel {
  readonly price: bigint;
  readonly quantity: bigint;
  readonly orders: readonly OrderState[];
}

import { DomainError } from '@lib/kernel';

export enum OrdersErrorCode {
  MARKET_HALTED = 'MARKET_HALTED',
  MARKET_CLOSE_ONLY = 'MARKET_CLOSE_ONLY',
  /** No longer answered (perpetual orders are open since issue 14); kept so the code stays stable for clients. */
  MARKET_NOT_SPOT = 'MARKET_NOT_SPOT',
  INVALID_PRICE = 'INVALID_PRICE',
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  PRICE_REQUIRED = 'PRICE_REQUIRED',
  PRICE_NOT_ALLOWED = 'PRICE_NOT_ALLOWED',
  INVALID_TIME_IN_FORCE = 'INVALID_TIME_IN_FORCE',
  QUANTITY_BELOW_MINIMUM = 'QUANTITY_BELOW_MINIMUM',
  NOTIONAL_BELOW_MINIMUM = 'NOTIONAL_BELOW_MINIMUM',
  PRICE_OUT_OF_BAND = 'PRICE_OUT_OF_BAND',
  NO_MARK_PRICE = 'NO_MARK_PRICE',
  POST_ONLY_WOULD_TAKE = 'POST_ONLY_WOULD_TAKE',
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ORDER_NOT_OPEN = 'ORDER_NOT_OPEN',
  INVALID_AMEND = 'INVALID_AMEND',
  INVALID_CURSOR = 'INVALID_CURSOR',
  CLIENT_ORDER_ID_CONFLICT = 'CLIENT_ORDER_ID_CONFLICT',
  TOO_MANY_OPEN_ORDERS = 'TOO_MANY_OPEN_ORDERS',
  /** The owner is suspended (an order that raced the suspension): nothing of the account trades. */
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  /** Backpressure: the market's queue is full; retry after `retryAfterSeconds`. */
  MARKET_BUSY = 'MARKET_BUSY',
  /** The user already has ORDERS_MAX_QUEUED_PER_USER commands pending on this market (their share of its queue); retry after `retryAfterSeconds`. */
  TOO_MANY_PENDING_ORDERS = 'TOO_MANY_PENDING_ORDERS',
  /** Perpetuals: the order's initial margin and fee are more than the account's available margin (docs/positions.md). */
  INSUFFICIENT_MARGIN = 'INSUFFICIENT_MARGIN',
  /** The position an order (or a leverage change) would leave is above the leverage bracket: the most a position may be worth at that leverage. */
  POSITION_LIMIT_EXCEEDED = 'POSITION_LIMIT_EXCEEDED',
  /** A reduce-only order that would increase the position, or is larger than what is left to reduce. */
  REDUCE_ONLY_WOULD_INCREASE = 'REDUCE_ONLY_WOULD_INCREASE',
  /** reduceOnly on a spot market. */
  REDUCE_ONLY_NOT_ALLOWED = 'REDUCE_ONLY_NOT_ALLOWED',
  /** Leverage outside 1..the market's maximum. */
  INVALID_LEVERAGE = 'INVALID_LEVERAGE',
  /** The margin mode changes only with no position and no open order on the market. */
  MARGIN_MODE_LOCKED = 'MARGIN_MODE_LOCKED',
  /** The command needs an open position (isolated margin moves, close). */
  NO_POSITION = 'NO_POSITION',
  /** A limit order closing an isolated position at a price past its bankruptcy price (add margin, or price it closer). */
  BEYOND_BANKRUPTCY_PRICE = 'BEYOND_BANKRUPTCY_PRICE',
  /** A position command on a spot market. */
  MARKET_NOT_PERPETUAL = 'MARKET_NOT_PERPETUAL',
  /** An amount that is not a positive decimal of the settlement asset. */
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  /** The position's margin mode does not allow it (margin moves are for isolated positions). */
  NOT_ISOLATED = 'NOT_ISOLATED',
  /** The connection failed while the command's batch committed: it may or may not have happened; look before retrying. */
  OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN',
  /** A conditional order whose condition the price already meets (it would fire at once): place the plain order. */
  ORDER_WOULD_TRIGGER_IMMEDIATELY = 'ORDER_WOULD_TRIGGER_IMMEDIATELY',
  /** STOP_* and TAKE_PROFIT_* need a triggerPrice. */
  TRIGGER_PRICE_REQUIRED = 'TRIGGER_PRICE_REQUIRED',
  /** TRAILING_STOP_MARKET needs a callbackRate. */
  CALLBACK_RATE_REQUIRED = 'CALLBACK_RATE_REQUIRED',
  /** A callbackRate outside 0.1 to 10 (percent), or with more than 4 decimals. */
  INVALID_CALLBACK_RATE = 'INVALID_CALLBACK_RATE',
  /** A trigger field on an order type that takes none (or a trailing field on a stop, a triggerPrice on a trailing stop). */
  TRIGGER_NOT_ALLOWED = 'TRIGGER_NOT_ALLOWED',
  /** triggerBy LAST on a market that has not traded yet. */
  NO_LAST_PRICE = 'NO_LAST_PRICE',
  /** GTD without a goodTillDate at least a second ahead, or a goodTillDate without GTD. */
  INVALID_GOOD_TILL_DATE = 'INVALID_GOOD_TILL_DATE',
  /** An order list whose orders do not make the list its kind needs (docs/conditional-orders.md, "Order lists"). */
  INVALID_ORDER_LIST = 'INVALID_ORDER_LIST',
  /** The user's clientListId already names another list. */
  LIST_CLIENT_ID_CONFLICT = 'LIST_CLIENT_ID_CONFLICT',
  ORDER_LIST_NOT_FOUND = 'ORDER_LIST_NOT_FOUND',
  /** closePosition with a quantity, or on a LIMIT kind. */
  INVALID_CLOSE_POSITION = 'INVALID_CLOSE_POSITION',
}

export class OrdersError extends DomainError<OrdersErrorCode> {
  readonly context = 'orders';

  constructor(code: OrdersErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}

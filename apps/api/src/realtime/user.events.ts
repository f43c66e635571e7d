/** The /user namespace: typed event maps (client and server). */
import type { FillView, OrderView } from '@lib/orders';
import type { PositionView } from '@lib/positions';
import type { FundingPaymentView } from '@lib/risk';

/**
 * `seq` of every /user message: the position of its event in the outbox (a
 * global counter, so a user's seqs grow but skip). Keep the highest seq you
 * applied and send it as `resume {since}` after a reconnect. When two of your
 * transactions overlap (e.g. orders on two markets at once), an event may
 * arrive after one with a higher seq (`resume` follows the publishing order,
 * so it returns such events too). For one order, or one account and asset, a higher seq is always the
 * newer state: keep the state with the highest seq per order and per
 * balance, treat fills as a set keyed by seq, and never drop an event only
 * because its seq is below your highest.
 */
export interface OrderMessage {
  readonly seq: number;
  /** The order's state after a matching pass, amend or cancel. */
  readonly order: OrderView;
}

export interface FillMessage {
  readonly seq: number;
  readonly fill: FillView;
}

/** One account's balance of one asset after a ledger transaction (absolute amounts, decimal strings). */
export interface BalanceView {
  readonly account: string;
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
  readonly total: string;
  /** The ledger transaction and its entry type (DEPOSIT, TRADE, HOLD, ...). */
  readonly transactionId: string;
  readonly entryType: string;
}

export interface BalanceMessage {
  readonly seq: number;
  readonly balance: BalanceView;
}

/**
 * A user's position on a perpetual market after a change (a fill, a leverage
 * or margin-mode change, a margin move): the GET /positions/:symbol view of
 * the event's state, valued at the mark when it is sent (or resumed). A
 * higher seq is the newer state of that market's position.
 */
export interface PositionMessage {
  readonly seq: number;
  readonly position: PositionView;
}

/**
 * One of the user's positions paid (amount < 0) or received (> 0) funding at
 * a funding time of its market (docs/risk.md): one message per position and
 * funding time. Its balance and (isolated) position changes follow as
 * `balance` and `position`.
 */
export interface FundingMessage {
  readonly seq: number;
  readonly funding: FundingPaymentView;
}

/**
 * One liquidation step of the user's position (docs/risk.md): what the
 * liquidation order closed and at what average price, the mark and the
 * bankruptcy price it was decided at, the liquidation fee paid to the
 * insurance fund, or the fund's cover of a loss beyond the margin. Decimal
 * strings; `sizeAfter` signed (0: the position is closed).
 */
export interface LiquidationView {
  readonly symbol: string;
  readonly side: 'LONG' | 'SHORT';
  readonly marginMode: string;
  readonly orderId: string;
  readonly quantity: string;
  readonly averagePrice: string;
  readonly markPrice: string;
  readonly bankruptcyPrice: string;
  readonly liquidationFee: string;
  readonly insuranceCover: string;
  readonly sizeAfter: string;
  readonly at: string;
}

export interface LiquidationMessage {
  readonly seq: number;
  readonly liquidation: LiquidationView;
}

/**
 * The mark reached the price at which a position's maintenance margin is
 * MARGIN_CALL_RATIO of its margin balance (isolated: the position's; cross:
 * the account's): once per crossing. Decimal strings.
 */
export interface MarginCallView {
  readonly symbol: string;
  readonly asset: string;
  readonly marginMode: string;
  readonly size: string;
  readonly markPrice: string;
  readonly warningPrice: string;
  /** The ratio it warns at, e.g. "0.80". */
  readonly marginRatio: string;
  readonly at: string;
}

export interface MarginCallMessage {
  readonly seq: number;
  readonly marginCall: MarginCallView;
}

/**
 * A price alert fired (docs/price-alerts.md): once per crossing, only when
 * the owner's settings.notifications.priceAlerts is on. Decimal strings.
 */
export interface AlertView {
  readonly alertId: string;
  readonly symbol: string;
  readonly condition: string;
  /** What was watched: MARK, LAST, or CHANGE_24H (target and value are then percents). */
  readonly source: string;
  readonly target: string;
  /** The price (or 24 h change) that fired it. */
  readonly value: string;
  /** A recurring alert stays active (it fires again at the next crossing). */
  readonly recurring: boolean;
  readonly firedAt: string;
}

/**
 * A backtest of the user's changed status (QUEUED, RUNNING, DONE, FAILED, CANCELLED) or
 * progressed (percent; at most every BACKTEST_PROGRESS_MS while RUNNING). The result is read
 * with GET /api/v1/backtests/{backtestId} once DONE.
 */
export interface BacktestMessage {
  readonly seq: number;
  readonly backtest: {
    readonly backtestId: string;
    readonly status: string;
    readonly progress: number;
    /** FAILED: INTERRUPTED, HISTORY_UNAVAILABLE, NOT_ENOUGH_HISTORY or WORKER_FAILED. */
    readonly errorCode: string | null;
    readonly at: string;
  };
}

export interface AlertMessage {
  readonly seq: number;
  readonly alert: AlertView;
}

/** A signal rule fired on a closed candle (docs/analytics.md "Signals"): once per crossing. Decimal strings. */
export interface SignalView {
  readonly signalId: string;
  readonly firingId: string;
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  readonly conditions: readonly { readonly left: string; readonly op: string; readonly right: string }[];
  readonly direction: string;
  /** The closed candle's open time and close (mark price). */
  readonly openTime: string;
  readonly close: string;
  readonly firedAt: string;
}

export interface SignalMessage {
  readonly seq: number;
  readonly signal: SignalView;
}

/**
 * An order list (OCO, bracket, OTO) was placed (EXECUTING) or finished
 * (ALL_DONE: every order of it ended and it has nothing left to place). Its
 * orders' own changes come as `order` messages (with listId and listRole).
 */
export interface OrderListMessage {
  readonly seq: number;
  readonly orderList: {
    readonly listId: string;
    readonly clientListId: string | null;
    readonly kind: string;
    readonly symbol: string;
    readonly status: string;
    readonly orderIds: readonly string[];
    readonly updatedAt: string;
  };
}

/** A missed message in a `resume` answer: the event name and the message it would have been. */
export type ResumedEvent =
  | ({ readonly event: 'order' } & OrderMessage)
  | ({ readonly event: 'fill' } & FillMessage)
  | ({ readonly event: 'balance' } & BalanceMessage)
  | ({ readonly event: 'position' } & PositionMessage)
  | ({ readonly event: 'funding' } & FundingMessage)
  | ({ readonly event: 'liquidation' } & LiquidationMessage)
  | ({ readonly event: 'marginCall' } & MarginCallMessage)
  | ({ readonly event: 'orderList' } & OrderListMessage)
  | ({ readonly event: 'alert' } & AlertMessage)
  | ({ readonly event: 'signal' } & SignalMessage)
  | ({ readonly event: 'backtest' } & BacktestMessage);

export interface ResumeRequest {
  /** The highest seq the client applied (0: everything still in the outbox). */
  readonly since: number;
}

export interface ResumeAck {
  /** In the order they were published (seq order but for overlapping transactions); at most RESUME_PAGE_EVENTS (200). */
  readonly events: readonly ResumedEvent[];
  /** More after the last one: send `resume` again with its seq (or, after a refusal, the same `since` after `retryAfterMs`). */
  readonly more: boolean;
  /**
   * INVALID_REQUEST: a malformed `since`. RESUME_LIMITED: the user's resume
   * budget is spent (WS_RESUME_BURST, refilled WS_RESUME_PER_SECOND, shared by
   * all their sockets). RESUME_BUSY: this server has too many resumes queued,
   * or the read failed. Nothing was read: send the same `since` again after `retryAfterMs`.
   */
  readonly error?: { readonly code: 'INVALID_REQUEST' | 'RESUME_LIMITED' | 'RESUME_BUSY'; readonly message: string; readonly retryAfterMs?: number };
}

/** `authenticate`: a fresh access token for a connected socket, before its current one expires. */
export interface AuthenticateRequest {
  readonly token: string;
}

export type AuthenticateAck =
  /** The socket now lives until this token's expiry (ISO 8601). */
  | { readonly ok: true; readonly expiresAt: string }
  /** Refused: the socket keeps its current token (and is disconnected when that one expires). */
  | { readonly ok: false; readonly error: { readonly code: UserConnectErrorCode | 'INVALID_REQUEST' | 'WRONG_USER'; readonly message: string } };

export interface UserServerToClientEvents {
  order: (message: OrderMessage) => void;
  fill: (message: FillMessage) => void;
  balance: (message: BalanceMessage) => void;
  position: (message: PositionMessage) => void;
  liquidation: (message: LiquidationMessage) => void;
  marginCall: (message: MarginCallMessage) => void;
  funding: (message: FundingMessage) => void;
  orderList: (message: OrderListMessage) => void;
  alert: (message: AlertMessage) => void;
  signal: (message: SignalMessage) => void;
  backtest: (message: BacktestMessage) => void;
  /** Sent before the server disconnects the socket (rate limit, token expired, session ended, account suspended; a listen key's socket: LISTEN_KEY_EXPIRED, LISTEN_KEY_CLOSED). */
  error: (error: { readonly code: string; readonly message: string }) => void;
}

export interface UserClientToServerEvents {
  resume: (request: ResumeRequest, ack: (ack: ResumeAck) => void) => void;
  authenticate: (request: AuthenticateRequest, ack: (ack: AuthenticateAck) => void) => void;
}

/** Every instance emits to its own sockets (`server.local`): nothing is sent between servers. */
export type UserInterServerEvents = Record<string, never>;

export interface UserSocketData {
  readonly userId: string;
  /** The session of the token it holds (a re-authentication may move it to another session of the same user). */
  readonly sessionId: string;
  /** When the token it holds expires (ms since the epoch): the socket is disconnected then. */
  readonly expiresAt: number;
  /** Opened with `auth: {listenKey}`: the key's id (its SHA-256); `sessionId` is then `listen-key:<id>` and `expiresAt` the key's. */
  readonly listenKeyId?: string;
}

/** Refusals of the handshake: the `connect_error`'s `message`, with `data.code`. */
export type UserConnectErrorCode = 'TOKEN_IN_QUERY' | 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'SESSION_REVOKED' | 'ACCOUNT_SUSPENDED' | 'TOO_MANY_CONNECTIONS' | 'LISTEN_KEY_NOT_FOUND';

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** The /user namespace: typed event maps (client and server). */
import type { FillView, OrderView } from '@lib/orders';

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

/** A missed message in a `resume` answer: the event name and the message it would have been. */
export type ResumedEvent =
  | ({ readonly event: 'order' } & OrderMessage)
  | ({ readonly event: 'fill' } & FillMessage)
  | ({ readonly event: 'balance' } & BalanceMessage);

export interface ResumeRequest {
  /** The highest seq the client applied (0: everything still in the outbox). */
  readonly since: number;
}

export interface ResumeAck {
  /** In the order they were published (seq order but for overlapping transactions); at most MAX_USER_EVENTS_PER_READ. */
  readonly events: readonly ResumedEvent[];
  /** More after the last one: send `resume` again with its seq. */
  readonly more: boolean;
  readonly error?: { readonly code: 'INVALID_REQUEST'; readonly message: string };
}

export interface UserServerToClientEvents {
  order: (message: OrderMessage) => void;
  fill: (message: FillMessage) => void;
  balance: (message: BalanceMessage) => void;
  /** Sent before the server disconnects the socket (rate limit, session ended, account suspended). */
  error: (error: { readonly code: string; readonly message: string }) => void;
}

export interface UserClientToServerEvents {
  resume: (request: ResumeRequest, ack: (ack: ResumeAck) => void) => void;
}

/** Every instance emits to its own sockets (`server.local`): nothing is sent between servers. */
export type UserInterServerEvents = Record<string, never>;

export interface UserSocketData {
  readonly userId: string;
  readonly sessionId: string;
}

/** Refusals of the handshake: the `connect_error`'s `message`, with `data.code`. */
export type UserConnectErrorCode = 'TOKEN_IN_QUERY' | 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'SESSION_REVOKED' | 'ACCOUNT_SUSPENDED';

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

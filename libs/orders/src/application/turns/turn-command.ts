import type { IdempotentRequest, NewIntegrationEvent, StoredResponse } from '@lib/platform';
import type { ClosedPosition, Holding, PositionRecord } from '@lib/positions';
import type { FundsRef, LedgerIntent, SettlePerpTrades, SettleSpotTrades } from '@lib/wallet';
import type { BookResult, MarketSpec, Order, OrderBook } from '../../domain';
import type { NamedOrder, NewTrade, StoredTrade } from '../ports';

/**
 * What a command declares before its turn, so the batch reads it for all of
 * its commands at once (and, later, positions and margin).
 */
export interface Needs {
  /** Count this user's open orders across markets (the open-order limit). */
  readonly openOrdersOf?: string;
  /** Read this account's available funds (the hold check). */
  readonly funds?: FundsRef;
  /** Look up the order this user's clientOrderId already names. */
  readonly clientOrderId?: { readonly userId: string; readonly clientOrderId: string };
  /**
   * This user's margin in the settlement asset is decided on: the batch
   * reads the perpetual markets' marks and takes the positions from the
   * markets' memories (declare the MARGIN funds too): the margin check of an
   * order, a leverage change, a margin move.
   */
  readonly margin?: { readonly userId: string; readonly asset: string };
  /** Read the INSURANCE_FUND's balance of this settlement asset (a liquidation may draw on it). */
  readonly insuranceFund?: string;
  /** Read these accounts' available funds too (a funding time: every cross payer's MARGIN); see Facts.availableOf. */
  readonly fundsOf?: readonly FundsRef[];
}

/** A market as the batch left it so far: what a decider reads (and the book it matches on). */
export interface MarketView {
  readonly book: OrderBook;
  /** The open order `id` of this market; undefined when not open. */
  openOrder(id: string): Order | undefined;
  /** An order of this market an earlier command of the batch changed (open or not). */
  touchedOrder(id: string): Order | undefined;
  /** The user's open orders in this market, in time priority. */
  openOrdersOf(userId: string): Order[];
  /** The untriggered (conditional) order `id` of this market; undefined when it is not waiting. */
  untriggeredOrder(id: string): Order | undefined;
  /** The user's untriggered orders in this market, oldest first. */
  untriggeredOf(userId: string): Order[];
  /** A perpetual market: every row with a position (size not zero), as the batch left them, in no particular order. */
  openPositions(): PositionRecord[];
}

/** What was read for the batch's commands, as the commands before this one left it. */
export interface Facts {
  readonly now: Date;
  newId(): string;
  /**
   * Whether a declared account's available funds, less the holds of earlier
   * commands of the batch, cover `amount`: null when they do, else the
   * wallet's INSUFFICIENT_BALANCE.
   */
  shortfall(ref: FundsRef, amount: bigint): Error | null;
  /** Open orders of a declared user across markets, with the batch's new resting ones. */
  openOrderCount(userId: string): number;
  /** The committed order a declared clientOrderId names, as read when the batch began. */
  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined;
  isSuspended(userId: string): boolean;
  /** Any user's row on a perpetual market of the batch's settlement assets, from the market's memory (flat with the default settings when none). */
  positionOf(userId: string, spec: MarketSpec): PositionRecord;
  /** A user's open positions in the settlement asset (every perpetual market of it), at the marks read for the batch. */
  holdingsOf(userId: string, asset: string): Holding[];
  /** What a user whose MARGIN funds were declared may still hold for perpetual orders (docs/positions.md, available margin); may be negative. */
  marginAvailable(userId: string, asset: string): bigint;
  /** The MARGIN cash a user whose funds were declared has left (AVAILABLE, less the batch's holds so far). */
  marginCash(userId: string, asset: string): bigint;
  /** What is left of a declared account's available funds (less the batch's holds so far); undefined when it was not read. */
  availableOf(ref: FundsRef): bigint | undefined;
  /** The mark price read for the batch of a perpetual market, if it has one. */
  markOf(symbol: string): bigint | undefined;
  /** The INSURANCE_FUND's balance of a declared asset, less what earlier decisions of the batch drew from it. */
  insuranceFund(asset: string): bigint;
}

/** One engine pass of a decision: its result (the book's level deltas, for the stream) and its trades. */
export interface PassRecord {
  readonly result: Pick<BookResult, 'deltas' | 'seq'>;
  readonly trades: readonly NewTrade[];
  /** The settlement of the pass's trades, once they have ids (absent without trades). */
  readonly settlement?: Omit<SettleSpotTrades, 'firstTradeId'> | Omit<SettlePerpTrades, 'firstTradeId'>;
}

/**
 * A decision: what a command does to its market. Only what it returns is
 * applied (the orders' new states to the market's memory, holds to the
 * batch's funds) and written; a refusal leaves nothing behind. A decider may
 * run the engine on the market's book (that is the matching it decides); it
 * must not do so when it refuses, or the runner treats the refusal as a
 * broken batch (rolled back, the book rebuilt).
 */
export type Decision<R> = Refused | Accepted<R>;

export interface Refused {
  readonly kind: 'refused';
  readonly error: Error;
}

export interface Accepted<R> {
  readonly kind: 'accepted';
  /** The new states of the orders it changed (never the objects in memory: copies), new ones marked. */
  readonly orders: readonly { readonly order: Order; readonly isNew: boolean }[];
  /** Holds, hold changes and releases, posted before the passes' settlements. */
  readonly intents: readonly LedgerIntent[];
  readonly passes: readonly PassRecord[];
  /** Perpetuals: the new state of the position rows it changed (each with the version read), and the positions it closed. */
  readonly positions?: readonly PositionRecord[];
  readonly closedPositions?: readonly ClosedPosition[];
  /** Integration events of its own (a funding payment, a liquidation), written with the batch after the orders', trades' and positions' events. */
  readonly events?: readonly NewIntegrationEvent[];
  /**
   * A write of the deciding context's own (a funding time's record), run in
   * the batch's transaction before the ledger intents. An error it returns
   * refuses the command as a ledger refusal does (rolled back, the others run
   * again without it): e.g. a unique key already taken, checked without
   * aborting the transaction.
   */
  readonly write?: () => Promise<Error | null>;
  /**
   * A write of the deciding context's own whose lock must come after the
   * ledger's: an admin action's audit entry (AuditLog.append takes the audit
   * log's lock, which every audited action takes last, after its rows: taken
   * before the batch's account locks, it could deadlock with a balance
   * adjustment of the same account). Run after the ledger intents, in the
   * batch's transaction; it cannot refuse.
   */
  readonly writeLast?: () => Promise<void>;
  /** The answer, given the trades of its passes as written (ids known), in order. */
  readonly answer: (trades: readonly StoredTrade[]) => R;
}

/** A command as the runner takes it: what it needs read, and how it decides. */
export interface TurnCommand<R> {
  /** The market it is decided on. */
  readonly spec: MarketSpec;
  readonly needs: Needs;
  decide(market: MarketView, facts: Facts): Decision<R>;
  /**
   * With an Idempotency-Key: the key is stored with `response(answer)` in the
   * batch's transaction (one statement for the batch), so the order and its
   * stored answer commit together (null: nothing is stored, the caller binds
   * the key itself); a key another request holds takes the
   * command out of the batch and answers it with that request's outcome.
   */
  readonly idempotency?: { readonly request: IdempotentRequest; response(answer: R): StoredResponse | null };
  /**
   * Queued ahead of the lane's other waiting commands (after the urgent ones
   * already waiting): a conditional order's trigger, whose worth is its
   * timing. It waits for the batch running, never for the queue behind it.
   */
  readonly urgent?: boolean;
}

/** What the runner answers: the decision's answer, or, for an idempotent command, the earlier request's outcome. */
export type TurnResult<R> =
  | { readonly kind: 'decided'; readonly answer: R }
  | { readonly kind: 'replayed'; readonly response: StoredResponse }
  | { readonly kind: 'key-reused' };

export function refused(error: Error): Refused {
  return { kind: 'refused', error };
}

/** The answer of a command that is never idempotent. */
export function answerOf<R>(result: TurnResult<R>): R {
  if (result.kind !== 'decided') throw new Error(`a command without an idempotency key came back '${result.kind}'`);
  return result.answer;
}

import { Logger } from '@nestjs/common';
import { FILL_CREATED, ORDER_LIST_UPDATED, ORDER_UPDATED, OrderListUpdatedV1, fillViewOf, orderViewOf } from '@lib/orders';
import { AppConfig, IntegrationEventOf, OutboxUserEvents, UserEventsRead } from '@lib/platform';
import { POSITION_CHANGED, PositionChangedV1, PositionView } from '@lib/positions';
import { PRICE_ALERT_FIRED, PriceAlertFiredV1 } from '@lib/price-alerts';
import { SIGNAL_FIRED, SignalFiredV1 } from '@lib/signals';
import { BACKTEST_UPDATED, BacktestUpdatedV1 } from '@lib/backtests';
import { FUNDING_PAID, MARGIN_CALL, MarginCallV1, POSITION_LIQUIDATED, PositionLiquidatedV1, fundingViewOf } from '@lib/risk';
import { BALANCE_CHANGED, BalanceChangedPayload } from '@lib/wallet';
import { formatUnits } from '@lib/kernel';
import { ConcurrencyLimit, LimitQueueFull } from './concurrency-limit';
import { TokenBuckets } from './token-buckets';
import { AlertView, BacktestMessage, SignalView, BalanceView, LiquidationView, MarginCallView, OrderListMessage, ResumeAck, ResumedEvent, UserServerToClientEvents } from './user.events';

/** Outbox event types of the stream, and the message name each becomes. */
export const STREAM_EVENTS = {
  [ORDER_UPDATED]: 'order',
  [FILL_CREATED]: 'fill',
  [BALANCE_CHANGED]: 'balance',
  [POSITION_CHANGED]: 'position',
  [FUNDING_PAID]: 'funding',
  [POSITION_LIQUIDATED]: 'liquidation',
  [MARGIN_CALL]: 'marginCall',
  [ORDER_LIST_UPDATED]: 'orderList',
  [PRICE_ALERT_FIRED]: 'alert',
  [SIGNAL_FIRED]: 'signal',
  [BACKTEST_UPDATED]: 'backtest',
} as const;
export type StreamType = keyof typeof STREAM_EVENTS;
export const STREAM_TYPES: readonly StreamType[] = [ORDER_UPDATED, FILL_CREATED, BALANCE_CHANGED, POSITION_CHANGED, FUNDING_PAID, POSITION_LIQUIDATED, MARGIN_CALL, ORDER_LIST_UPDATED, PRICE_ALERT_FIRED, SIGNAL_FIRED, BACKTEST_UPDATED];
/** The view of a POSITION_CHANGED (GetPositionChangeViewQuery): its state at the mark now. */
export type PositionViewOf = (payload: PositionChangedV1) => Promise<PositionView>;
/** A relayed or resumed event of the stream, typed by its contract. */
export type StreamEvent = IntegrationEventOf<StreamType>;

/** Events in one `resume` answer at most (`more: true` beyond): one read stays small (~75 KB). */
export const RESUME_PAGE_EVENTS = 200;
/** Resumes waiting for a read slot on this instance before more are refused RESUME_BUSY. */
const MAX_WAITING_READS = 100;

/**
 * `resume {since}` on /user: the user's missed events, read back from the
 * outbox, under two limits that keep a flood of them away from the orders:
 * a per-user token bucket (WS_RESUME_BURST, refilled WS_RESUME_PER_SECOND;
 * every socket of the user draws on it) and a cap on concurrent outbox reads
 * per instance (WS_RESUME_CONCURRENCY), so resumes never take more than a
 * few of the database pool's connections, which the order batches need.
 * Each read is one page of RESUME_PAGE_EVENTS.
 */
export class UserResume {
  private readonly logger = new Logger('UserResume');
  private readonly budget: TokenBuckets;
  private readonly reads: ConcurrencyLimit;

  constructor(
    private readonly outbox: OutboxUserEvents,
    config: AppConfig,
    private readonly positionView: PositionViewOf = () => Promise.reject(new Error('no position views')),
  ) {
    this.budget = new TokenBuckets(config.realtime.resumeBurst, config.realtime.resumePerSecond);
    this.reads = new ConcurrencyLimit(config.realtime.resumeConcurrency, MAX_WAITING_READS);
  }

  async resume(userId: string, body: unknown): Promise<ResumeAck> {
    const since = (body as { since?: unknown } | null)?.since;
    const valid = (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) || (typeof since === 'string' && /^(0|[1-9]\d{0,17})$/.test(since));
    if (!valid) return { events: [], more: false, error: { code: 'INVALID_REQUEST', message: 'Send {since: seq}, the highest seq you applied (0 for everything)' } };
    const wait = this.budget.take(userId);
    if (wait > 0) {
      return {
        events: [],
        more: true,
        error: { code: 'RESUME_LIMITED', message: `Too many resumes for this user; send it again in ${wait} ms`, retryAfterMs: wait },
      };
    }
    let read: UserEventsRead<StreamType>;
    try {
      read = await this.reads.run(() => this.outbox.after(userId, BigInt(since), STREAM_TYPES, RESUME_PAGE_EVENTS));
    } catch (error) {
      if (!(error instanceof LimitQueueFull)) this.logger.warn(`resume read failed: ${String(error)}`);
      return { events: [], more: true, error: { code: 'RESUME_BUSY', message: 'Resumes are queued on this server; send it again in a second', retryAfterMs: 1000 } };
    }
    const events: ResumedEvent[] = [];
    try {
      for (const event of read.events) {
        const message = await messageOf(event, this.positionView);
        if (message) events.push(message);
      }
    } catch (error) {
      // A position's view needs its market's mark and the account now: without them the page is not answered, rather than answered with a hole.
      this.logger.warn(`resume: a position view failed: ${String(error)}`);
      return { events: [], more: true, error: { code: 'RESUME_BUSY', message: 'A position could not be valued now; send it again in a second', retryAfterMs: 1000 } };
    }
    return { events, more: read.more };
  }
}

/** Any event of the stream as its message: a position is valued at the mark now (async); the others as toMessage. */
export async function messageOf(event: StreamEvent, positionView: PositionViewOf): Promise<ResumedEvent | undefined> {
  if (event.type !== POSITION_CHANGED) return toMessage(event);
  if (event.position === undefined) return undefined;
  return { event: 'position', seq: Number(event.position), position: await positionView(event.payload) };
}

/**
 * An outbox event as the message it becomes on /user (its contract's view);
 * undefined for an event without position, and for a POSITION_CHANGED
 * (valued asynchronously: messageOf).
 */
export function toMessage(event: StreamEvent): ResumedEvent | undefined {
  if (event.position === undefined) return undefined;
  const seq = Number(event.position);
  switch (event.type) {
    case ORDER_UPDATED:
      return { event: 'order', seq, order: orderViewOf(event.payload) };
    case FILL_CREATED:
      return { event: 'fill', seq, fill: fillViewOf(event.payload) };
    case BALANCE_CHANGED:
      return { event: 'balance', seq, balance: balanceViewOf(event.payload) };
    case FUNDING_PAID:
      return { event: 'funding', seq, funding: fundingViewOf(event.payload) };
    case POSITION_CHANGED:
      return undefined;
    case POSITION_LIQUIDATED:
      return { event: 'liquidation', seq, liquidation: liquidationViewOf(event.payload) };
    case MARGIN_CALL:
      return { event: 'marginCall', seq, marginCall: marginCallViewOf(event.payload) };
    case ORDER_LIST_UPDATED:
      return { event: 'orderList', seq, orderList: orderListViewOf(event.payload) };
    case PRICE_ALERT_FIRED:
      return { event: 'alert', seq, alert: alertViewOf(event.payload) };
    case SIGNAL_FIRED:
      return { event: 'signal', seq, signal: signalViewOf(event.payload) };
    case BACKTEST_UPDATED:
      return { event: 'backtest', seq, backtest: backtestViewOf(event.payload) };
  }
}

/** The /user `signal` view of a SignalFired: the close as a decimal string. */
export function signalViewOf(p: SignalFiredV1): SignalView {
  return {
    signalId: p.signalId,
    firingId: p.firingId,
    name: p.name,
    symbol: p.symbol,
    interval: p.interval,
    conditions: p.conditions,
    direction: p.direction,
    openTime: p.openTime,
    close: formatUnits(BigInt(p.close), p.priceScale),
    firedAt: p.firedAt,
  };
}

/** The /user `orderList` view: the list's state when it was placed or finished (its orders come as `order` messages). */
export function orderListViewOf(p: OrderListUpdatedV1): OrderListMessage['orderList'] {
  return { listId: p.listId, clientListId: p.clientListId, kind: p.kind, symbol: p.symbol, status: p.status, orderIds: p.orderIds, updatedAt: p.updatedAt };
}

/** The /user `liquidation` view of a PositionLiquidated: decimal strings at the market's scales. */
export function liquidationViewOf(p: PositionLiquidatedV1): LiquidationView {
  const price = (v: string) => formatUnits(BigInt(v), p.priceScale);
  const quote = (v: string) => formatUnits(BigInt(v), p.quoteScale);
  const quantity = (v: string) => formatUnits(BigInt(v), p.quantityScale);
  return {
    symbol: p.symbol,
    side: p.side,
    marginMode: p.marginMode,
    orderId: p.orderId,
    quantity: quantity(p.quantity),
    averagePrice: price(p.averagePrice),
    markPrice: price(p.markPrice),
    bankruptcyPrice: price(p.bankruptcyPrice),
    liquidationFee: quote(p.liquidationFee),
    insuranceCover: quote(p.insuranceCover),
    sizeAfter: quantity(p.sizeAfter),
    at: p.at,
  };
}

/** Where a message is sent: a room of the /user namespace. */
interface UserTarget {
  emit<E extends keyof UserServerToClientEvents>(event: E, ...args: Parameters<UserServerToClientEvents[E]>): unknown;
}

/** Sends a message under its event name, without the name in its body. */
export function emitMessage(target: UserTarget, message: ResumedEvent): void {
  if (message.event === 'order') target.emit('order', { seq: message.seq, order: message.order });
  else if (message.event === 'fill') target.emit('fill', { seq: message.seq, fill: message.fill });
  else if (message.event === 'balance') target.emit('balance', { seq: message.seq, balance: message.balance });
  else if (message.event === 'position') target.emit('position', { seq: message.seq, position: message.position });
  else if (message.event === 'funding') target.emit('funding', { seq: message.seq, funding: message.funding });
  else if (message.event === 'liquidation') target.emit('liquidation', { seq: message.seq, liquidation: message.liquidation });
  else if (message.event === 'orderList') target.emit('orderList', { seq: message.seq, orderList: message.orderList });
  else if (message.event === 'alert') target.emit('alert', { seq: message.seq, alert: message.alert });
  else if (message.event === 'signal') target.emit('signal', { seq: message.seq, signal: message.signal });
  else if (message.event === 'backtest') target.emit('backtest', { seq: message.seq, backtest: message.backtest });
  else target.emit('marginCall', { seq: message.seq, marginCall: message.marginCall });
}

/** The /user `balance` view of a BalanceChanged: the account's amounts without the user (the socket's owner). */
export function balanceViewOf(payload: BalanceChangedPayload): BalanceView {
  return {
    account: payload.account,
    asset: payload.asset,
    available: payload.available,
    locked: payload.locked,
    total: payload.total,
    transactionId: payload.transactionId,
    entryType: payload.entryType,
  };
}

/** The /user `marginCall` view of a MarginCall. */
export function marginCallViewOf(p: MarginCallV1): MarginCallView {
  return {
    symbol: p.symbol,
    asset: p.asset,
    marginMode: p.marginMode,
    size: formatUnits(BigInt(p.size), p.quantityScale),
    markPrice: formatUnits(BigInt(p.markPrice), p.priceScale),
    warningPrice: formatUnits(BigInt(p.warningPrice), p.priceScale),
    marginRatio: formatUnits(BigInt(p.ratioE8), 8).replace(/0+$/, '').replace(/\.$/, '.0'),
    at: p.at,
  };
}

/** The /user `alert` view of a PriceAlertFired: decimal strings (a price, or a percent for CHANGE_24H_*). */
export function alertViewOf(p: PriceAlertFiredV1): AlertView {
  return {
    alertId: p.alertId,
    symbol: p.symbol,
    condition: p.condition,
    source: p.feed === 'CHANGE_24H' ? 'CHANGE_24H' : p.source,
    target: formatUnits(BigInt(p.target), p.scale),
    value: formatUnits(BigInt(p.price), p.scale),
    recurring: p.recurring,
    firedAt: p.firedAt,
  };
}

/** The /user `backtest` view of a BacktestUpdated: its status and progress (the result: GET /backtests/{id}). */
export function backtestViewOf(p: BacktestUpdatedV1): BacktestMessage['backtest'] {
  return { backtestId: p.backtestId, status: p.status, progress: p.progress, errorCode: p.errorCode, at: p.at };
}

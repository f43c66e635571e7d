import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { OutboxWriter } from '@lib/platform';
import { Bucket, LedgerEntryInput, LedgerEntryType, PostLedgerTransactionsCommand, Posting, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '@lib/wallet';
import { BookResult, Liquidity, MarketSpec, Order, OrderSide, OrderStatus, Side } from '../domain';
import { BOOK_CHANGED, BookChangedPayload, FILL_CREATED, FillCreatedPayload, ORDER_UPDATED, OrderUpdatedPayload, TRADE_EXECUTED, TradeExecutedPayload } from './events';
import { price as fmtPrice, quantity as fmtQuantity, toFillView, toOrderView, toTradeView } from './order-view';
import { NewTrade, OrderRepository, StoredTrade } from './ports';
import { FillView } from './views';

export interface PassOutcome {
  readonly trades: readonly StoredTrade[];
  /** The fills of the subject order (the taker). */
  readonly subjectFills: readonly FillView[];
}

/**
 * Turns one engine pass into durable state, inside the caller's transaction:
 * the makers' and the subject's new states, the trades, ONE ledger
 * transaction (every trade's legs, both fees to FEES, and the unused holds of
 * the orders that ended), and the events. The subject is the order the pass
 * was for (placed, amended or canceled).
 */
@Injectable()
export class MatchingPass {
  constructor(
    private readonly orders: OrderRepository,
    private readonly commands: CommandBus,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * `before`: ledger entries of the command that must post with the pass in
   * the same lock round (a new order's hold, an amend's hold change), so a
   * command locks its balance rows once, in id order, and never deadlocks
   * with another market's command.
   */
  async apply(spec: MarketSpec, result: BookResult, subject: Order, isNew: boolean, before: readonly LedgerEntryInput[] = []): Promise<PassOutcome> {
    const now = this.clock.now();
    const makerIds = [...new Set(result.fills.map((f) => f.makerOrderId))];
    const makers = new Map((await this.orders.findByIds(makerIds)).map((o) => [o.id, new Order(o)]));

    const postings: Posting[] = [];
    const newTrades: NewTrade[] = [];
    for (const fill of result.fills) {
      const maker = makers.get(fill.makerOrderId);
      if (!maker) throw new Error(`maker order ${fill.makerOrderId} of ${spec.symbol} is not in the database`);
      const makerEffect = maker.applyFill(spec, fill.price, fill.quantity, Liquidity.MAKER);
      const takerEffect = subject.applyFill(spec, fill.price, fill.quantity, Liquidity.TAKER);
      const [buyer, seller] = fill.takerSide === Side.BUY ? [subject, maker] : [maker, subject];
      const [buyerFee, sellerFee] = fill.takerSide === Side.BUY ? [takerEffect.fee, makerEffect.fee] : [makerEffect.fee, takerEffect.fee];
      const quote = takerEffect.quote;
      const base = takerEffect.base;
      const spot = (userId: string, asset: string) => userAccount(userId, UserAccountKind.SPOT, asset);
      push(postings, spot(buyer.state.userId, spec.quote), Bucket.LOCKED, -(quote + buyerFee));
      push(postings, spot(buyer.state.userId, spec.base), Bucket.AVAILABLE, base);
      push(postings, spot(seller.state.userId, spec.base), Bucket.LOCKED, -base);
      push(postings, spot(seller.state.userId, spec.quote), Bucket.AVAILABLE, quote - sellerFee);
      push(postings, systemAccount(SystemAccountKind.FEES, spec.quote), Bucket.AVAILABLE, buyerFee + sellerFee);
      newTrades.push({
        symbol: spec.symbol,
        price: fill.price,
        quantity: fill.quantity,
        quote,
        takerSide: fill.takerSide,
        makerOrderId: maker.state.id,
        takerOrderId: subject.state.id,
        makerUserId: maker.state.userId,
        takerUserId: subject.state.userId,
        makerFee: makerEffect.fee,
        takerFee: takerEffect.fee,
        createdAt: now,
      });
    }

    // The engine decides how the subject ended (IOC rest, FOK, market rest, self-trade, cancel).
    const final = result.order;
    if (final && (final.status === OrderStatus.CANCELED || final.status === OrderStatus.EXPIRED)) {
      subject.end(final.status, final.reason);
    }
    const touched = [subject, ...makers.values()];
    for (const order of touched) {
      order.state.updatedAt = now;
      const unused = order.takeUnusedHold();
      if (unused > 0n) {
        const account = userAccount(order.state.userId, UserAccountKind.SPOT, order.state.holdAsset);
        push(postings, account, Bucket.LOCKED, -unused);
        push(postings, account, Bucket.AVAILABLE, unused);
      }
    }

    const trades = await this.orders.writePass(
      touched.map((o) => ({ order: o.state, isNew: isNew && o === subject })),
      newTrades,
    );
    const entries: LedgerEntryInput[] = [...before];
    if (postings.length > 0) {
      const reference = trades.length > 0 ? `trades:${trades[0]!.id}` : `order:${subject.state.id}:release:${subject.state.status}`;
      const type = trades.length > 0 ? LedgerEntryType.TRADE : LedgerEntryType.RELEASE;
      entries.push({ type, reference, postings, metadata: { symbol: spec.symbol, orderId: subject.state.id } });
    }
    const posted = entries.length > 0 ? await this.commands.execute(new PostLedgerTransactionsCommand(entries, true)) : { results: [], events: [] };
    // A settlement that "already happened" would leave these trades unpaid: never acceptable.
    if (posted.results.some((p) => p.duplicate)) throw new Error(`ledger references of ${spec.symbol} order ${subject.state.id} were posted before`);

    const subjectFills = trades.map((t) => toFillView(spec, t, subject.state.userId));
    // The wallet's BalanceChanged events and ours, in one insert.
    await this.outbox.append([
      ...posted.events,
      ...touched.map((o) => ({ type: ORDER_UPDATED, payload: { userId: o.state.userId, order: toOrderView(spec, o.state) } satisfies OrderUpdatedPayload })),
      ...trades.flatMap((t) => [
        { type: FILL_CREATED, payload: { userId: t.takerUserId, fill: toFillView(spec, t, t.takerUserId) } satisfies FillCreatedPayload },
        { type: FILL_CREATED, payload: { userId: t.makerUserId, fill: toFillView(spec, t, t.makerUserId) } satisfies FillCreatedPayload },
        { type: TRADE_EXECUTED, payload: { trade: toTradeView(spec, t) } satisfies TradeExecutedPayload },
      ]),
      ...(result.deltas.length > 0 ? [{ type: BOOK_CHANGED, payload: bookChanged(spec, result) }] : []),
    ]);
    return { trades, subjectFills };
  }

  /**
   * Several cancels of one market's turn (cancel-all): every release in ONE
   * ledger batch (one lock round, as for any command), one write, one outbox insert.
   */
  async applyCancels(spec: MarketSpec, passes: readonly { result: BookResult; order: Order }[]): Promise<void> {
    if (passes.length === 0) return;
    const now = this.clock.now();
    const entries: LedgerEntryInput[] = [];
    for (const { result, order } of passes) {
      const final = result.order!;
      order.end(final.status as OrderStatus.CANCELED | OrderStatus.EXPIRED, final.reason);
      order.state.updatedAt = now;
      const unused = order.takeUnusedHold();
      if (unused === 0n) continue;
      const account = userAccount(order.state.userId, UserAccountKind.SPOT, order.state.holdAsset);
      entries.push({
        type: LedgerEntryType.RELEASE,
        reference: `order:${order.state.id}:release:${order.state.status}`,
        postings: [
          { account, bucket: Bucket.LOCKED, amount: -unused },
          { account, bucket: Bucket.AVAILABLE, amount: unused },
        ],
        metadata: { symbol: spec.symbol, orderId: order.state.id },
      });
    }
    await this.orders.writePass(
      passes.map((p) => ({ order: p.order.state, isNew: false })),
      [],
    );
    const posted = entries.length > 0 ? await this.commands.execute(new PostLedgerTransactionsCommand(entries, true)) : { results: [], events: [] };
    if (posted.results.some((p) => p.duplicate)) throw new Error(`a release of ${spec.symbol} was posted before`);
    await this.outbox.append([
      ...posted.events,
      ...passes.map(({ order }) => ({ type: ORDER_UPDATED, payload: { userId: order.state.userId, order: toOrderView(spec, order.state) } satisfies OrderUpdatedPayload })),
      ...passes.filter(({ result }) => result.deltas.length > 0).map(({ result }) => ({ type: BOOK_CHANGED, payload: bookChanged(spec, result) })),
    ]);
  }
}

function push(postings: Posting[], account: Posting['account'], bucket: Bucket, amount: bigint): void {
  if (amount !== 0n) postings.push({ account, bucket, amount });
}

function bookChanged(spec: MarketSpec, result: BookResult): BookChangedPayload {
  const side = (s: OrderSide) =>
    result.deltas.filter((d) => d.side === s).map((d) => [fmtPrice(spec, d.price), fmtQuantity(spec, d.quantity)] as const);
  return { symbol: spec.symbol, seq: result.seq, bids: side(Side.BUY), asks: side(Side.SELL) };
}

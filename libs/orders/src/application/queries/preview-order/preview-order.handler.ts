import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { AvailableFunds, FundsRef, GetAvailableFundsQuery, UserAccountKind } from '@lib/wallet';
import { OrdersError, OrdersErrorCode, averagePriceUnits } from '../../../domain';
import { checkPlaceOrder, lastTradePrice } from '../../commands/place-order/check-place-order';
import { PlaceOrder } from '../../deciders';
import { decidedBeforeTheBook } from '../../deciders/place.decider';
import { MarketMemory, OrderBooks } from '../../order-books';
import { price, quantity, quote } from '../../order-view';
import { MarketSpecs, OrderRepository, PreTradeRisk } from '../../ports';
import { MarketTurns, type Facts } from '../../turns';
import { PerpReads } from '../../turns/perp-reads';
import { OrderPreviewView } from '../../views';
import { PerpPreview, SpotPreview, assertPostOnlyRests, previewPerp, previewSpot } from './order-preview';
import { PreviewOrderQuery } from './preview-order.query';

/**
 * POST /orders/preview: the checks of placing (checkPlaceOrder, then the
 * clientOrderId, the open-order limit, POST_ONLY and reduce-only refusals,
 * with the same codes), then what the order would hold, pay and take, on
 * the market's book between batches (MarketTurns.quietly) and the account
 * as committed. It takes the user's share of the market like an order, so
 * previews never crowd out orders; nothing is placed, held or written.
 */
@QueryHandler(PreviewOrderQuery)
export class PreviewOrderHandler implements IQueryHandler<PreviewOrderQuery> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly books: OrderBooks,
    private readonly perps: PerpReads,
    private readonly orders: OrderRepository,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
    private readonly risk: PreTradeRisk,
  ) {}

  async execute({ input }: PreviewOrderQuery): Promise<OrderPreviewView> {
    const admission = await this.turns.admit(input.symbol, input.userId);
    try {
      const order = await checkPlaceOrder(this.specs, this.risk, input, this.config.orders.maxOpenOrdersPerUser, (symbol) => lastTradePrice(this.orders, symbol));
      this.turns.assertNotBusy(order.spec.symbol);
      const preview = await this.turns.quietly(order.spec, () => this.preview(order));
      return viewOf(order, preview);
    } finally {
      admission.release();
    }
  }

  private async preview(o: PlaceOrder): Promise<SpotPreview | PerpPreview> {
    const { spec, userId } = o;
    const perp = spec.kind === 'PERPETUAL';
    const ref: FundsRef = perp ? { userId, account: UserAccountKind.MARGIN, asset: spec.quote } : { userId, account: UserAccountKind.SPOT, asset: o.holdAsset };
    const [memory, funds, counts, named, positions] = await Promise.all([
      this.books.currentMemory(spec.symbol),
      this.queries.execute(new GetAvailableFundsQuery([ref])) as Promise<AvailableFunds>,
      this.orders.openOrderCounts([userId]),
      o.clientOrderId === null ? Promise.resolve(null) : this.orders.findByClientOrderId(userId, o.clientOrderId),
      perp ? this.perps.between(new Set([spec.quote])) : Promise.resolve(null),
    ]);
    // The refusals placing decides before the book, on the same facts (a clientOrderId naming this same order is no refusal).
    const facts: Pick<Facts, 'orderNamed' | 'openOrderCount'> = { orderNamed: () => named ?? undefined, openOrderCount: () => counts.get(userId) ?? 0 };
    const early = decidedBeforeTheBook(o, facts as Facts);
    if (early?.kind === 'refused') throw early.error;
    assertPostOnlyRests(o, memory.book);
    if (!positions) return previewSpot(o, memory.book, funds.available(ref));
    const mark = positions.mark(spec.symbol);
    if (mark === undefined) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
    return previewPerp(o, memory.book, {
      record: positions.of(userId, spec, new Date()),
      mine: mineOf(memory, userId),
      holdings: positions.holdings(userId, spec.quote),
      cash: funds.available(ref),
      mark,
    });
  }
}

function mineOf(memory: MarketMemory, userId: string) {
  return [...memory.open.values()].filter((order) => order.state.userId === userId);
}

function viewOf(o: PlaceOrder, p: SpotPreview | PerpPreview): OrderPreviewView {
  const { spec } = o;
  const average = averagePriceUnits(p.taken.cost, p.taken.quantity, spec.quantityScale);
  const holdDecimals = o.holdAsset === spec.base && p.kind === 'SPOT' ? spec.baseDecimals : spec.quoteDecimals;
  const common = {
    symbol: spec.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    quantity: quantity(spec, o.quantity),
    limitPrice: price(spec, o.limit),
    hold: { asset: o.holdAsset, amount: formatUnits(p.hold, holdDecimals) },
    fee: { asset: spec.quote, amount: quote(spec, p.fee) },
    wouldTake: { quantity: quantity(spec, p.taken.quantity), averagePrice: average === null ? null : quote(spec, average) },
  };
  if (p.kind === 'SPOT') {
    return { ...common, available: { account: 'SPOT', asset: o.holdAsset, amount: formatUnits(p.available, holdDecimals) }, sufficient: p.sufficient };
  }
  const size = p.position.size;
  return {
    ...common,
    available: { account: 'MARGIN', asset: spec.quote, amount: quote(spec, p.available > 0n ? p.available : 0n) },
    marginOk: p.marginOk,
    maxQuantity: quantity(spec, p.maxQuantity),
    position: {
      side: size > 0n ? 'LONG' : size < 0n ? 'SHORT' : 'FLAT',
      size: quantity(spec, size < 0n ? -size : size),
      entryPrice: p.entryPrice === null ? null : quote(spec, p.entryPrice),
      liquidationPrice: p.liquidationPrice === null ? null : price(spec, p.liquidationPrice),
      initialMargin: quote(spec, p.initialMargin),
    },
  };
}

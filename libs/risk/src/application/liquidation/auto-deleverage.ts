import { Facts, Liquidity, MarketSpec, MarketView, Order, OrderSide, OrderType, PassRecord, PerpFills, Side, TimeInForce, termsOf } from '@lib/orders';
import type { ClosedPosition, PositionRecord } from '@lib/positions';
import { AdlScore, adlScore, compareScores } from './liquidation-rules';

/**
 * Auto-deleveraging (docs/risk.md, "Auto-deleveraging"): what a liquidation
 * step's IOC left of its target, when the book within the insurance fund's
 * reach could not take it, is closed against the opposing positions of the
 * market at the user's bankruptcy price, the highest ADL score first. Only a
 * position whose close at that price realizes no loss is taken, so no
 * counterparty ever pays a loss. No fees. Each fill is a trade between an ADL
 * order of the user and one of the counterparty, both created filled.
 */
export interface AdlRequest {
  readonly spec: MarketSpec;
  readonly market: MarketView;
  readonly facts: Facts;
  readonly userId: string;
  /** The user's closing side: SELL closes a long. */
  readonly side: OrderSide;
  readonly rest: bigint;
  readonly bankruptcy: bigint;
  readonly mark: bigint;
  /** The rows the step changed so far (they win over the market's). */
  readonly overlay: ReadonlyMap<string, PositionRecord>;
}

export interface AdlPass {
  readonly quantity: bigint;
  /** The user's ADL order first, then the counterparties'. */
  readonly orders: readonly Order[];
  readonly record: PassRecord;
  readonly positions: readonly PositionRecord[];
  readonly closedPositions: readonly ClosedPosition[];
}

export const ADL_REASON = 'ADL';

/** The opposing positions that may be taken at `price`, the highest score (at the mark) first; the rest of the ties by user id. */
export function adlQueue(spec: MarketSpec, rows: readonly PositionRecord[], userId: string, userSide: OrderSide, price: bigint, mark: bigint): PositionRecord[] {
  const terms = termsOf(spec);
  const unit = 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
  const ranked: { record: PositionRecord; score: AdlScore | null }[] = [];
  for (const record of rows) {
    const size = record.position.size;
    if (record.userId === userId || size === 0n) continue;
    // The user sells (long): the counterparty buys back a short, and the reverse.
    if (userSide === OrderSide.SELL ? size > 0n : size < 0n) continue;
    const value = price * (size < 0n ? -size : size) * unit;
    const entry = record.position.entryValue;
    if (size < 0n ? value > entry : value < entry) continue;
    ranked.push({ record, score: adlScore({ record, terms, mark }) });
  }
  ranked.sort((a, b) => {
    if (a.score && b.score) {
      const c = compareScores(a.score, b.score);
      if (c !== 0) return c;
    } else if (a.score || b.score) return a.score ? -1 : 1;
    return a.record.userId < b.record.userId ? -1 : a.record.userId > b.record.userId ? 1 : 0;
  });
  return ranked.map((r) => r.record);
}

export function autoDeleverage(r: AdlRequest): AdlPass | null {
  const { spec, market, facts, userId, side, bankruptcy, overlay } = r;
  const rows = new Map(market.openPositions().map((p) => [p.userId, p]));
  for (const [id, p] of overlay) rows.set(id, p);
  const queue = adlQueue(spec, [...rows.values()], userId, side, bankruptcy, r.mark);
  const takes: { record: PositionRecord; quantity: bigint }[] = [];
  let left = r.rest;
  for (const record of queue) {
    if (left === 0n) break;
    const size = record.position.size < 0n ? -record.position.size : record.position.size;
    const quantity = size < left ? size : left;
    takes.push({ record, quantity });
    left -= quantity;
  }
  const quantity = r.rest - left;
  if (quantity === 0n) return null;

  const now = facts.now;
  const open = (owner: string, ownerSide: OrderSide, q: bigint) =>
    Order.open({
      id: facts.newId(),
      userId: owner,
      symbol: spec.symbol,
      side: ownerSide,
      type: OrderType.LIMIT,
      timeInForce: TimeInForce.IOC,
      price: bankruptcy,
      quantity: q,
      clientOrderId: null,
      reduceOnly: true,
      holdAsset: spec.quote,
      hold: 0n,
      priority: 0,
      rates: { makerFeePpm: 0n, takerFeePpm: 0n },
      at: now,
    });
  const mine = open(userId, side, quantity);
  const other = side === OrderSide.SELL ? OrderSide.BUY : OrderSide.SELL;
  // PerpFills reads the rows as this step left them.
  const view: Pick<Facts, 'now' | 'positionOf'> = { now, positionOf: (u: string, s: MarketSpec) => rows.get(u) ?? facts.positionOf(u, s) };
  const perp = new PerpFills(spec, view);
  const orders: Order[] = [mine];
  const trades: PassRecord['trades'][number][] = [];
  const takerSide = side === OrderSide.SELL ? Side.SELL : Side.BUY;
  for (const take of takes) {
    const theirs = open(take.record.userId, other, take.quantity);
    const takerEffect = mine.applyFill(spec, bankruptcy, take.quantity, Liquidity.TAKER);
    const makerEffect = theirs.applyFill(spec, bankruptcy, take.quantity, Liquidity.MAKER);
    const userLeg = [mine, takerEffect] as const;
    const theirLeg = [theirs, makerEffect] as const;
    const [buyer, seller] = takerSide === Side.BUY ? [userLeg, theirLeg] : [theirLeg, userLeg];
    perp.fill(buyer[0], buyer[1], Side.BUY);
    perp.fill(seller[0], seller[1], Side.SELL);
    orders.push(theirs);
    trades.push({
      symbol: spec.symbol,
      price: bankruptcy,
      quantity: take.quantity,
      quote: takerEffect.quote,
      takerSide,
      makerOrderId: theirs.state.id,
      takerOrderId: mine.state.id,
      makerUserId: theirs.state.userId,
      takerUserId: userId,
      makerFee: 0n,
      takerFee: 0n,
      createdAt: now,
    });
  }
  const record: PassRecord = { result: { deltas: [], seq: market.book.seq }, trades, settlement: perp.settlement(mine.state.id, []) };
  return { quantity, orders, record, positions: perp.positions, closedPositions: perp.closed };
}

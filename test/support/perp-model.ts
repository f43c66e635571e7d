/**
 * An independent model of perpetual trading on one market, written from
 * docs/positions.md (and the spot engine's matching rules of docs/orders.md),
 * not from the app's domain code: test/perp-model.e2e-spec.ts replays a random
 * session through the API and compares every answer, position and MARGIN
 * balance with it. Plain arrays, bigint smallest units, slow and obvious on
 * purpose; commands are applied in the order the API answered them.
 */
import { Answer, MarketRules, ModelFill, ModelOrder, PPM, Side, Status, TimeInForce, band, ceilDiv, crosses, min, notional, snapshot } from './spot-rules';
import {
  ModelPosition,
  abs,
  applyFill,
  bankruptcyBound,
  beyondBound,
  closingSide,
  flatPosition,
  openingQuantity,
  perpHold,
  unrealizedPnl,
} from './perp-rules';

export interface PerpOrder extends ModelOrder {
  readonly reduceOnly: boolean;
}

export interface PerpPlace {
  readonly side: Side;
  readonly type: 'LIMIT' | 'MARKET';
  readonly quantity: bigint;
  readonly price?: bigint;
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly: boolean;
}

const refuse = (code: string): Answer => ({ ok: false, httpStatus: 422, code });

export class PerpModel {
  readonly orders: PerpOrder[] = [];
  readonly fills: ModelFill[] = [];
  readonly positions = new Map<number, ModelPosition>();
  readonly margins = new Map<number, { available: bigint; locked: bigint }>();
  clearing = 0n;
  fees = 0n;
  /** Users whose balances or position the last command moved. */
  readonly touched = new Set<number>();
  /** Orders the last command's followPositions cancelled, with their reasons. */
  readonly followCancels: { id: string; reason: string }[] = [];
  private sequence = 0;

  constructor(
    readonly m: MarketRules,
    public mark: bigint,
  ) {}

  position(user: number): ModelPosition {
    let p = this.positions.get(user);
    if (!p) this.positions.set(user, (p = flatPosition()));
    return p;
  }

  margin(user: number): { available: bigint; locked: bigint } {
    let b = this.margins.get(user);
    if (!b) this.margins.set(user, (b = { available: 0n, locked: 0n }));
    return b;
  }

  fund(user: number, amount: bigint): void {
    this.margin(user).available += amount;
  }

  /**
   * Available margin: AVAILABLE + Σ over cross positions (unrealized PnL -
   * initial margin at the mark), never more than AVAILABLE.
   */
  availableMargin(user: number): bigint {
    const cash = this.margin(user).available;
    const p = this.position(user);
    if (p.mode !== 'CROSS' || p.size === 0n) return cash;
    const total = cash + unrealizedPnl(this.m, p, this.mark) - ceilDiv(notional(this.m, this.mark, abs(p.size)), p.leverage);
    return total < cash ? total : cash;
  }

  open(user: number): PerpOrder[] {
    return this.orders.filter((o) => o.user === user && o.inBook).sort((a, b) => a.priority - b.priority);
  }

  /** The largest quantity of a (not reduce-only) order at `limit` whose hold fits the available margin: the boundary a session probes. */
  largestFitting(user: number, side: Side, limit: bigint): bigint {
    const p = this.position(user);
    const sameSide = this.open(user).filter((o) => o.side === side).reduce((s, o) => s + o.quantity - o.filled, 0n);
    const fits = (q: bigint) => perpHold(this.m, p.leverage, limit, openingQuantity(p.size, side, q, sameSide)) <= this.availableMargin(user);
    let lo = 0n;
    let hi = 1_000_000n;
    while (lo < hi) {
      const mid = (lo + hi + 1n) / 2n;
      if (fits(mid)) lo = mid;
      else hi = mid - 1n;
    }
    return lo;
  }

  place(user: number, r: PerpPlace, id: string): Answer {
    this.touched.clear();
    this.followCancels.length = 0;
    const m = this.m;
    const timeInForce = r.timeInForce ?? (r.type === 'LIMIT' ? 'GTC' : 'IOC');
    const p = this.position(user);
    const edges = band(m, this.mark);
    const bound = bankruptcyBound(m, p);
    if (r.price !== undefined && beyondBound(bound, r.side, r.price)) return refuse('BEYOND_BANKRUPTCY_PRICE');
    let limit = r.price ?? (r.side === 'BUY' ? edges.upper : edges.lower);
    // A market order's reach stops at the bound.
    if (beyondBound(bound, r.side, limit)) limit = bound!.price;
    const mine = this.open(user).filter((o) => o.side === r.side);
    const remaining = (os: PerpOrder[]) => os.reduce((s, o) => s + o.quantity - o.filled, 0n);
    let hold = 0n;
    if (r.reduceOnly) {
      const others = remaining(mine.filter((o) => o.reduceOnly));
      if (closingSide(p.size) !== r.side || r.quantity > abs(p.size) - others) return refuse('REDUCE_ONLY_WOULD_INCREASE');
    } else {
      hold = perpHold(m, p.leverage, limit, openingQuantity(p.size, r.side, r.quantity, remaining(mine)));
      if (hold > 0n && hold > this.availableMargin(user)) return refuse('INSUFFICIENT_MARGIN');
    }
    const order: PerpOrder = {
      id, user, market: m, side: r.side, type: r.type, timeInForce, price: r.price ?? null, quantity: r.quantity,
      filled: 0n, takerQuote: 0n, makerQuote: 0n, fee: 0n, status: 'NEW', reason: null, held: hold, inBook: false, priority: ++this.sequence, reduceOnly: r.reduceOnly,
    };
    this.orders.push(order);
    this.lock(user, hold);
    const changed = new Set<number>();
    const fills: ModelFill[] = [];
    let selfTrade = false;
    for (const maker of this.book(r.side === 'BUY' ? 'SELL' : 'BUY')) {
      if (order.filled === order.quantity || !crosses(r.side, maker.price!, limit)) break;
      if (maker.user === user) {
        selfTrade = true;
        break;
      }
      fills.push(this.trade(maker, order, min(maker.quantity - maker.filled, order.quantity - order.filled)));
      changed.add(maker.user).add(user);
    }
    if (selfTrade) this.finish(order, 'EXPIRED', 'SELF_TRADE_PREVENTED');
    else if (order.filled === order.quantity) this.finish(order, 'FILLED', null);
    else if (order.type === 'MARKET') this.finish(order, 'CANCELED', 'MARKET_REMAINDER');
    else if (timeInForce === 'IOC') this.finish(order, 'EXPIRED', 'IOC_REMAINDER');
    else order.inBook = true;
    const answer = snapshot(order);
    for (const who of changed) this.followPosition(who);
    return { ok: true, httpStatus: 201, order: answer, fills };
  }

  cancel(user: number, id: string): Answer {
    this.touched.clear();
    this.followCancels.length = 0;
    const o = this.orders.find((x) => x.id === id && x.user === user);
    if (!o) return { ok: false, httpStatus: 404, code: 'ORDER_NOT_FOUND' };
    if (!o.inBook) return { ok: false, httpStatus: 409, code: 'ORDER_NOT_OPEN' };
    this.finish(o, 'CANCELED', 'CANCELED_BY_REQUEST');
    return { ok: true, httpStatus: 200, order: snapshot(o), fills: [] };
  }

  /** MOVE_ISOLATED_MARGIN (ADD): AVAILABLE to LOCKED, onto the isolated position's margin. */
  addMargin(user: number, amount: bigint): void {
    this.touched.clear();
    this.followCancels.length = 0;
    const p = this.position(user);
    if (p.mode !== 'ISOLATED') throw new Error('model: ADD on a cross position');
    this.lock(user, amount);
    p.isolatedMargin += amount;
  }

  /** Resting orders of one side, best first: best price, then arrival. */
  book(side: Side): PerpOrder[] {
    return this.orders
      .filter((o) => o.side === side && o.inBook)
      .sort((a, b) => (a.price === b.price ? a.priority - b.priority : (side === 'BUY' ? a.price! > b.price! : a.price! < b.price!) ? -1 : 1));
  }

  depth(): { bids: [bigint, bigint][]; asks: [bigint, bigint][] } {
    const levels = (side: Side) => {
      const out: [bigint, bigint][] = [];
      for (const o of this.book(side)) {
        const last = out[out.length - 1];
        if (last && last[0] === o.price) last[1] += o.quantity - o.filled;
        else out.push([o.price!, o.quantity - o.filled]);
      }
      return out;
    };
    return { bids: levels('BUY'), asks: levels('SELL') };
  }

  /** One fill at the maker's price: fees by difference on each order's cumulative notional, both positions moved, both legs posted. */
  private trade(maker: PerpOrder, taker: PerpOrder, quantity: bigint): ModelFill {
    const price = maker.price!;
    const quote = notional(this.m, price, quantity);
    const makerFee = this.leg(maker, quote, quantity, price, 'MAKER');
    const takerFee = this.leg(taker, quote, quantity, price, 'TAKER');
    const fill = (o: PerpOrder, fee: bigint, liquidity: 'MAKER' | 'TAKER'): ModelFill => ({ orderId: o.id, user: o.user, symbol: this.m.symbol, side: o.side, price, quantity, quote, fee, liquidity });
    this.fills.push(fill(maker, makerFee, 'MAKER'));
    const takerFill = fill(taker, takerFee, 'TAKER');
    this.fills.push(takerFill);
    if (maker.filled === maker.quantity) this.finish(maker, 'FILLED', null);
    return takerFill;
  }

  /**
   * One side of a fill (SETTLE_PERP_TRADES): the fee, the hold spent in
   * proportion to the quantity, the position, and the leg {holdSpent,
   * isolatedMarginChange, realizedPnl, fee} on MARGIN, CLEARING and FEES.
   */
  private leg(o: PerpOrder, quote: bigint, quantity: bigint, price: bigint, liquidity: 'MAKER' | 'TAKER'): bigint {
    if (liquidity === 'TAKER') o.takerQuote += quote;
    else o.makerQuote += quote;
    const total = ceilDiv(o.takerQuote * this.m.takerPpm + o.makerQuote * this.m.makerPpm, PPM);
    const fee = total - o.fee;
    o.fee = total;
    const rest = o.quantity - o.filled;
    const holdSpent = quantity === rest ? o.held : (o.held * quantity) / rest;
    o.held -= holdSpent;
    o.filled += quantity;
    o.status = o.filled === o.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    const p = this.position(o.user);
    const marginBefore = p.isolatedMargin;
    const effect = applyFill(this.m, p, o.side, quantity, price);
    let change = 0n;
    if (p.mode === 'ISOLATED' && p.size === 0n) {
      // Flat: "all of it when the position closes", the hold this fill spent with it (the per-fill formula
      // of docs/positions.md, read literally, would leave holdSpent - fee on a flat position: the docs' gap).
      change = -marginBefore;
    } else if (p.mode === 'ISOLATED') {
      const release = effect.closed === 0n ? 0n : effect.closed === effect.before ? marginBefore : (marginBefore * effect.closed) / effect.before;
      change = holdSpent - min(fee, holdSpent) - release;
    }
    p.isolatedMargin += change;
    p.realizedPnl += effect.realized;
    p.fees += fee;
    if (effect.lifeEnded) {
      // The life that ended took this fill's PnL and fee; the next one (a flip's rest) starts from zero.
      p.realizedPnl = 0n;
      p.fees = 0n;
    }
    const b = this.margin(o.user);
    b.locked += change - holdSpent;
    b.available += holdSpent - change + effect.realized - fee;
    if (b.available < 0n || b.locked < 0n || p.isolatedMargin < 0n) {
      throw new Error(`model: user ${o.user} MARGIN ${b.available}/${b.locked}, isolated ${p.isolatedMargin}: outside what docs/positions.md covers (a cross loss beyond AVAILABLE)`);
    }
    this.clearing -= effect.realized;
    this.fees += fee;
    this.touched.add(o.user);
    return fee;
  }

  /**
   * After a pass, the user's resting orders against the new position, oldest
   * first: past the bankruptcy bound (isolated) -> BEYOND_BANKRUPTCY_PRICE;
   * a reduce-only order that no longer fits what is left to reduce ->
   * REDUCE_ONLY_EXCEEDS_POSITION; an order that held nothing because it only
   * reduced and would now open -> POSITION_CHANGED.
   */
  private followPosition(user: number): void {
    const p = this.position(user);
    const closing = closingSide(p.size);
    const bound = bankruptcyBound(this.m, p);
    let reduceOnlyLeft = abs(p.size);
    let reducible = abs(p.size);
    for (const o of this.open(user)) {
      const rest = o.quantity - o.filled;
      let reason: string | null = null;
      if (o.price !== null && beyondBound(bound, o.side, o.price)) reason = 'BEYOND_BANKRUPTCY_PRICE';
      else if (o.reduceOnly) {
        if (o.side === closing && rest <= reduceOnlyLeft) reduceOnlyLeft -= rest;
        else reason = 'REDUCE_ONLY_EXCEEDS_POSITION';
      } else if (o.held === 0n && (o.side !== closing || rest > reducible)) reason = 'POSITION_CHANGED';
      if (reason !== null) {
        this.finish(o, 'CANCELED', reason);
        this.followCancels.push({ id: o.id, reason });
        continue;
      }
      if (o.side === closing) reducible = rest < reducible ? reducible - rest : 0n;
    }
  }

  private lock(user: number, amount: bigint): void {
    const b = this.margin(user);
    b.available -= amount;
    b.locked += amount;
    if (amount !== 0n) this.touched.add(user);
  }

  private finish(o: PerpOrder, status: Status, reason: string | null): void {
    o.inBook = false;
    o.status = status;
    o.reason = reason;
    this.lock(o.user, -o.held);
    o.held = 0n;
  }
}

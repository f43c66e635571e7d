/**
 * An independent model of spot trading, written from the product rules
 * (docs/orders.md "Money rules", "Holds and amends", "Engine rules",
 * "Decisions"; docs/orders-engine.md; docs/wallet.md), not from the app's
 * domain code: test/orders-model.e2e-spec.ts replays random sessions through
 * the API and compares every answer, fill, fee, hold and balance with it.
 * Plain arrays sorted on every match, bigint smallest units throughout: slow
 * and obvious on purpose. Commands are applied in the order the API answered
 * them (one at a time), so the model's order is the app's.
 */
import {
  Answer,
  MarketRules,
  ModelFill,
  ModelOrder,
  OrderSnapshot,
  PPM,
  PlaceRequest,
  Side,
  Status,
  TimeInForce,
  band,
  baseUnits,
  ceilDiv,
  crosses,
  holdFor,
  min,
  notional,
  snapshot,
} from './spot-rules';

const refuse = (httpStatus: number, code: string): Answer => ({ ok: false, httpStatus, code });

export class SpotModel {
  readonly orders: ModelOrder[] = [];
  readonly fills: ModelFill[] = [];
  /** Per `${user}:${asset}`. */
  readonly balances = new Map<string, { available: bigint; locked: bigint }>();
  readonly fees = new Map<string, bigint>();
  readonly deposits = new Map<string, bigint>();
  /** Users whose balances the last command moved. */
  readonly touched = new Set<number>();
  private sequence = 0;
  /** Bands an admin changed since the markets were created. */
  private readonly bands = new Map<MarketRules, bigint>();

  balance(user: number, asset: string): { available: bigint; locked: bigint } {
    const key = `${user}:${asset}`;
    let b = this.balances.get(key);
    if (!b) this.balances.set(key, (b = { available: 0n, locked: 0n }));
    return b;
  }

  /** An admin's new band applies to the next order and amend; resting orders stay, a MARKET order stops at the new edge. */
  setBand(m: MarketRules, bandPpm: bigint): void {
    this.bands.set(m, bandPpm);
  }

  band(m: MarketRules, mark: bigint): { lower: bigint; upper: bigint } {
    return band(m, mark, this.bands.get(m) ?? m.bandPpm);
  }

  deposit(user: number, asset: string, amount: bigint): void {
    this.balance(user, asset).available += amount;
    this.deposits.set(asset, (this.deposits.get(asset) ?? 0n) + amount);
  }

  place(user: number, r: PlaceRequest, mark: bigint, id: string): Answer {
    this.touched.clear();
    const m = r.market;
    if (r.type === 'LIMIT' && (r.price! <= 0n || r.price! % m.tick !== 0n)) return refuse(400, 'INVALID_PRICE');
    const timeInForce = r.timeInForce ?? (r.type === 'LIMIT' ? 'GTC' : 'IOC');
    if (r.type === 'MARKET' && timeInForce !== 'IOC' && timeInForce !== 'FOK') return refuse(400, 'INVALID_TIME_IN_FORCE');
    const edges = this.band(m, mark);
    if (r.type === 'LIMIT' && (r.price! < edges.lower || r.price! > edges.upper)) return refuse(422, 'PRICE_OUT_OF_BAND');
    // A MARKET order's minimum notional is judged at the mark price.
    const shape = this.shapeRefusal(m, r.price ?? mark, r.quantity);
    if (shape) return shape;
    const limit = r.price ?? (r.side === 'BUY' ? edges.upper : edges.lower);
    const asset = r.side === 'BUY' ? m.quote : m.base;
    const hold = r.type === 'MARKET' && r.side === 'BUY' ? this.marketBuyHold(user, m, limit, r.quantity, timeInForce) : holdFor(m, r.side, limit, r.quantity);
    if (this.balance(user, asset).available < hold) return this.short(user, asset, hold);
    if (timeInForce === 'POST_ONLY') {
      const best = this.book(m, r.side === 'BUY' ? 'SELL' : 'BUY')[0];
      if (best && crosses(r.side, best.price!, limit)) return refuse(422, 'POST_ONLY_WOULD_TAKE');
    }
    const order: ModelOrder = {
      id, user, market: m, side: r.side, type: r.type, timeInForce, price: r.price ?? null, quantity: r.quantity,
      filled: 0n, takerQuote: 0n, makerQuote: 0n, fee: 0n, status: 'NEW', reason: null, held: hold, inBook: false, priority: ++this.sequence,
    };
    this.orders.push(order);
    this.lock(user, asset, hold);
    if (timeInForce === 'FOK' && !this.canFill(order, limit)) {
      this.finish(order, 'EXPIRED', 'FOK_NOT_FILLABLE');
      return { ok: true, httpStatus: 201, order: snapshot(order), fills: [] };
    }
    return { ok: true, httpStatus: 201, ...this.take(order, limit) };
  }

  amend(user: number, id: string, changes: { price?: bigint; quantity?: bigint }, mark: bigint): Answer {
    this.touched.clear();
    const o = this.orders.find((x) => x.id === id && x.user === user);
    if (!o) return refuse(404, 'ORDER_NOT_FOUND');
    const m = o.market;
    if (changes.price !== undefined && (changes.price <= 0n || changes.price % m.tick !== 0n)) return refuse(400, 'INVALID_PRICE');
    if (!o.inBook) return refuse(409, 'ORDER_NOT_OPEN');
    const price = changes.price ?? o.price!;
    const quantity = changes.quantity ?? o.quantity;
    // Nothing different: nothing moves, the order keeps its place.
    if (price === o.price && quantity === o.quantity) return { ok: true, httpStatus: 200, order: snapshot(o), fills: [] };
    if (quantity <= o.filled) return refuse(400, 'INVALID_AMEND');
    // The minimums apply to the new total at the new price.
    const shape = this.shapeRefusal(m, price, quantity);
    if (shape) return shape;
    const edges = this.band(m, mark);
    if (price !== o.price && (price < edges.lower || price > edges.upper)) return refuse(422, 'PRICE_OUT_OF_BAND');
    // The hold is recomputed from scratch for the rest: change kept from earlier fills goes back.
    const hold = holdFor(m, o.side, price, quantity - o.filled);
    const asset = o.side === 'BUY' ? m.quote : m.base;
    if (hold > o.held && this.balance(user, asset).available < hold - o.held) return this.short(user, asset, hold - o.held);
    if (price !== o.price && o.timeInForce === 'POST_ONLY') {
      const best = this.book(m, o.side === 'BUY' ? 'SELL' : 'BUY')[0];
      if (best && crosses(o.side, best.price!, price)) return refuse(422, 'POST_ONLY_WOULD_TAKE');
    }
    this.lock(user, asset, hold - o.held);
    o.held = hold;
    if (price === o.price) {
      // Smaller at the same price keeps its place; larger goes to the back.
      if (quantity > o.quantity) o.priority = ++this.sequence;
      o.quantity = quantity;
      return { ok: true, httpStatus: 200, order: snapshot(o), fills: [] };
    }
    // A new price: out of the book, to the back, and it may trade at once as a taker.
    o.inBook = false;
    o.price = price;
    o.quantity = quantity;
    o.priority = ++this.sequence;
    return { ok: true, httpStatus: 200, order: this.take(o, price).order, fills: [] };
  }

  cancel(user: number, id: string): Answer {
    this.touched.clear();
    const o = this.orders.find((x) => x.id === id && x.user === user);
    if (!o) return refuse(404, 'ORDER_NOT_FOUND');
    if (!o.inBook) return refuse(409, 'ORDER_NOT_OPEN');
    this.finish(o, 'CANCELED', 'CANCELED_BY_REQUEST');
    return { ok: true, httpStatus: 200, order: snapshot(o), fills: [] };
  }

  cancelAll(user: number, symbol?: string): OrderSnapshot[] {
    this.touched.clear();
    const open = this.orders.filter((o) => o.user === user && o.inBook && (symbol === undefined || o.market.symbol === symbol));
    for (const o of open) this.finish(o, 'CANCELED', 'CANCELED_BY_REQUEST');
    return open.map(snapshot);
  }

  /** Resting orders of one side, best first: best price, then arrival. */
  book(m: MarketRules, side: Side): ModelOrder[] {
    return this.orders
      .filter((o) => o.market === m && o.side === side && o.inBook)
      .sort((a, b) => (a.price === b.price ? a.priority - b.priority : (side === 'BUY' ? a.price! > b.price! : a.price! < b.price!) ? -1 : 1));
  }

  /** Price levels best first, with what rests at each: the book's depth as the API aggregates it. */
  depth(m: MarketRules): { bids: [bigint, bigint][]; asks: [bigint, bigint][] } {
    const levels = (side: Side) => {
      const out: [bigint, bigint][] = [];
      for (const o of this.book(m, side)) {
        const last = out[out.length - 1];
        if (last && last[0] === o.price) last[1] += o.quantity - o.filled;
        else out.push([o.price!, o.quantity - o.filled]);
      }
      return out;
    };
    return { bids: levels('BUY'), asks: levels('SELL') };
  }

  /** Matches a taker, then ends it or rests it; returns its state and its fills of this pass. */
  private take(taker: ModelOrder, limit: bigint): { order: OrderSnapshot; fills: ModelFill[] } {
    const m = taker.market;
    const fills: ModelFill[] = [];
    let selfTrade = false;
    for (const maker of this.book(m, taker.side === 'BUY' ? 'SELL' : 'BUY')) {
      if (taker.filled === taker.quantity || !crosses(taker.side, maker.price!, limit)) break;
      // Self-trade prevention expires the taker at its owner's first order; fills before it stand.
      if (maker.user === taker.user) {
        selfTrade = true;
        break;
      }
      fills.push(this.trade(maker, taker, min(maker.quantity - maker.filled, taker.quantity - taker.filled)));
    }
    if (selfTrade) this.finish(taker, 'EXPIRED', 'SELF_TRADE_PREVENTED');
    else if (taker.filled === taker.quantity) this.finish(taker, 'FILLED', null);
    else if (taker.type === 'MARKET') this.finish(taker, 'CANCELED', 'MARKET_REMAINDER');
    else if (taker.timeInForce === 'IOC' || taker.timeInForce === 'FOK') this.finish(taker, 'EXPIRED', 'IOC_REMAINDER');
    else taker.inBook = true;
    return { order: snapshot(taker), fills };
  }

  /** One fill at the maker's price: both fees from the orders' cumulative notional, the legs settled from the holds. */
  private trade(maker: ModelOrder, taker: ModelOrder, quantity: bigint): ModelFill {
    const m = maker.market;
    const price = maker.price!;
    const quote = notional(m, price, quantity);
    const base = baseUnits(m, quantity);
    const makerFee = this.charge(maker, quote, quantity, 'MAKER');
    const takerFee = this.charge(taker, quote, quantity, 'TAKER');
    const [buyer, seller] = taker.side === 'BUY' ? [taker, maker] : [maker, taker];
    const [buyerFee, sellerFee] = taker.side === 'BUY' ? [takerFee, makerFee] : [makerFee, takerFee];
    this.spend(buyer, m.quote, quote + buyerFee);
    this.balance(buyer.user, m.base).available += base;
    this.spend(seller, m.base, base);
    this.balance(seller.user, m.quote).available += quote - sellerFee;
    this.fees.set(m.quote, (this.fees.get(m.quote) ?? 0n) + buyerFee + sellerFee);
    this.touched.add(buyer.user).add(seller.user);
    const fill = (o: ModelOrder, fee: bigint, liquidity: 'MAKER' | 'TAKER'): ModelFill => ({ orderId: o.id, user: o.user, symbol: m.symbol, side: o.side, price, quantity, quote, fee, liquidity });
    this.fills.push(fill(maker, makerFee, 'MAKER'));
    const takerFill = fill(taker, takerFee, 'TAKER');
    this.fills.push(takerFill);
    if (maker.filled === maker.quantity) this.finish(maker, 'FILLED', null);
    return takerFill;
  }

  /** The order's fee is computed on its cumulative notional and rounded up once; each fill charges the difference. */
  private charge(o: ModelOrder, quote: bigint, quantity: bigint, liquidity: 'MAKER' | 'TAKER'): bigint {
    if (liquidity === 'TAKER') o.takerQuote += quote;
    else o.makerQuote += quote;
    const total = ceilDiv(o.takerQuote * o.market.takerPpm + o.makerQuote * o.market.makerPpm, PPM);
    const fee = total - o.fee;
    o.fee = total;
    o.filled += quantity;
    o.status = o.filled === o.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    return fee;
  }

  private spend(o: ModelOrder, asset: string, amount: bigint): void {
    o.held -= amount;
    if (o.held < 0n) throw new Error(`model: order ${o.id} spent ${-o.held} more than it held`);
    this.balance(o.user, asset).locked -= amount;
  }

  private lock(user: number, asset: string, amount: bigint): void {
    const b = this.balance(user, asset);
    b.available -= amount;
    b.locked += amount;
    if (amount !== 0n) this.touched.add(user);
  }

  /** Ends an order (or marks it FILLED); its unused hold goes back to available. */
  private finish(o: ModelOrder, status: Status, reason: string | null): void {
    o.inBook = false;
    o.status = status;
    o.reason = reason;
    this.lock(o.user, o.side === 'BUY' ? o.market.quote : o.market.base, -o.held);
    o.held = 0n;
  }

  private short(user: number, asset: string, required: bigint): Answer {
    return { ok: false, httpStatus: 422, code: 'INSUFFICIENT_BALANCE', short: { asset, available: this.balance(user, asset).available, required } };
  }

  private shapeRefusal(m: MarketRules, price: bigint, quantity: bigint): Answer | null {
    if (quantity < m.minQuantity) return refuse(400, 'QUANTITY_BELOW_MINIMUM');
    if (notional(m, price, quantity) < m.minNotional) return refuse(400, 'NOTIONAL_BELOW_MINIMUM');
    return null;
  }

  /** What a MARKET buy can at most spend: the asks walked now up to the protection price, stopping at the buyer's own. */
  private marketBuyHold(user: number, m: MarketRules, limit: bigint, quantity: bigint, timeInForce: TimeInForce): bigint {
    let need = quantity;
    let cost = 0n;
    for (const ask of this.book(m, 'SELL')) {
      if (need === 0n || !crosses('BUY', ask.price!, limit) || ask.user === user) break;
      const q = min(need, ask.quantity - ask.filled);
      cost += notional(m, ask.price!, q);
      need -= q;
    }
    if (timeInForce === 'FOK' && need > 0n) return 0n;
    return cost + ceilDiv(cost * m.takerPpm, PPM);
  }

  /** FOK: fills in full before reaching its owner's first resting order, or nothing happens. */
  private canFill(taker: ModelOrder, limit: bigint): boolean {
    let need = taker.quantity;
    for (const maker of this.book(taker.market, taker.side === 'BUY' ? 'SELL' : 'BUY')) {
      if (!crosses(taker.side, maker.price!, limit) || maker.user === taker.user) return false;
      need -= maker.quantity - maker.filled;
      if (need <= 0n) return true;
    }
    return false;
  }
}

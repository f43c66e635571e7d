import fc from 'fast-check';
import { OrderBook } from './order-book';
import { BookResult, BookSnapshot, OrderStatus, OrderType, Side, Take, TimeInForce } from './order-book.types';
import { ReferenceModel } from './testing/reference-model';

type Op =
  | { kind: 'place'; owner: number; side: Side; type: OrderType; price: number; quantity: number; tif: TimeInForce }
  | { kind: 'cancel'; pick: number }
  | { kind: 'amend'; pick: number; price: number | null; quantity: number | null };

// Few owners, a narrow price range and small sizes: crossings, self-trades, partial fills
// and multi-order levels happen in almost every run.
const place = fc.record({
  kind: fc.constant('place' as const),
  owner: fc.integer({ min: 0, max: 3 }),
  side: fc.constantFrom(Side.BUY, Side.SELL),
  type: fc.constantFrom(OrderType.LIMIT, OrderType.LIMIT, OrderType.LIMIT, OrderType.MARKET),
  price: fc.integer({ min: 95, max: 105 }),
  quantity: fc.integer({ min: 1, max: 12 }),
  tif: fc.constantFrom(TimeInForce.GTC, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK, TimeInForce.POST_ONLY),
});
const cancel = fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() });
const amend = fc.record({
  kind: fc.constant('amend' as const),
  pick: fc.nat(),
  price: fc.option(fc.integer({ min: 95, max: 105 })),
  quantity: fc.option(fc.integer({ min: 1, max: 16 })),
});
const ops = fc.array(fc.oneof({ arbitrary: place, weight: 6 }, { arbitrary: cancel, weight: 2 }, { arbitrary: amend, weight: 2 }), { minLength: 1, maxLength: 120 });

const sideOf = (snap: BookSnapshot, side: Side) => (side === Side.BUY ? snap.bids : snap.asks);

function run(sequence: Op[]): void {
  const book = new OrderBook('PROP');
  const model = new ReferenceModel();
  const placed: { id: string; side: Side; quantity: bigint }[] = [];
  /** Latest known quantity and filled of every order ever accepted, and what its fills add up to. */
  const known = new Map<string, { quantity: bigint; filled: bigint }>();
  const filledByFills = new Map<string, bigint>();
  const base = new Map<string, bigint>();
  const quote = new Map<string, bigint>();
  const mirror = new Map<string, bigint>();
  let seq = book.seq;
  let step = 0;

  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);

  for (const op of sequence) {
    step++;
    const before = book.snapshot();
    let result: BookResult;
    let expected;
    let fok = false;
    let fokQuantity = 0n;
    let preview: readonly Take[] | null = null;
    if (op.kind === 'place') {
      const order = {
        id: `o${step}`,
        ownerId: `u${op.owner}`,
        side: op.side,
        type: op.type,
        price: BigInt(op.price),
        quantity: BigInt(op.quantity),
        timeInForce: op.tif,
      };
      placed.push({ id: order.id, side: order.side, quantity: order.quantity });
      fok = op.tif === TimeInForce.FOK;
      fokQuantity = order.quantity;
      // What the walk said it would trade, read before the book changes (a MARKET buy's hold rests on it).
      if (op.tif !== TimeInForce.POST_ONLY) preview = book.takeable(order.side, order.ownerId, order.price, order.quantity);
      result = book.place(order);
      expected = model.place(order);
    } else {
      // Mostly live orders, sometimes finished ones (which must be ORDER_NOT_FOUND).
      const target = placed.length === 0 ? 'none' : placed[op.pick % placed.length].id;
      if (op.kind === 'cancel') {
        result = book.cancel(target);
        expected = model.cancel(target);
      } else {
        const changes = { ...(op.price === null ? {} : { price: BigInt(op.price) }), ...(op.quantity === null ? {} : { quantity: BigInt(op.quantity) }) };
        result = book.amend(target, changes);
        expected = model.amend(target, changes);
      }
    }
    const ctx = `step ${step} ${JSON.stringify(op)}`;

    // Same answer as the naive model: refusal, final state, and every fill in order.
    expect({ ctx, rejected: result.rejected, status: result.order?.status ?? null, reason: result.order === null ? null : result.order.reason, filled: result.order?.filled ?? null }).toEqual({
      ctx,
      rejected: expected.rejected,
      status: expected.status,
      reason: expected.reason,
      filled: expected.filled,
    });
    expect(result.fills.map(({ makerOrderId, takerOrderId, price, quantity, makerRemaining, makerFilled }) => ({ makerOrderId, takerOrderId, price, quantity, makerRemaining, makerFilled }))).toEqual(expected.fills);

    // Same book as the model, level by level, order by order.
    const after = book.snapshot();
    for (const side of [Side.BUY, Side.SELL]) {
      expect(sideOf(after, side).map((l) => ({ price: l.price, orders: l.orders.map((o) => [o.id, o.remaining]) }))).toEqual(model.levels(side));
    }

    // Never crossed at rest.
    if (after.bids.length > 0 && after.asks.length > 0) expect(after.bids[0].price).toBeLessThan(after.asks[0].price);

    // Price-time priority within levels; levels strictly ordered; aggregates are sums.
    for (const side of [Side.BUY, Side.SELL]) {
      const levels = sideOf(after, side);
      for (let i = 1; i < levels.length; i++) {
        if (side === Side.BUY) expect(levels[i].price).toBeLessThan(levels[i - 1].price);
        else expect(levels[i].price).toBeGreaterThan(levels[i - 1].price);
      }
      for (const level of levels) {
        expect(level.orders.length).toBeGreaterThan(0);
        for (const o of level.orders) expect(o.remaining).toBeGreaterThan(0n);
        for (let i = 1; i < level.orders.length; i++) expect(level.orders[i].sequence).toBeGreaterThan(level.orders[i - 1].sequence);
        expect(level.quantity).toBe(level.orders.reduce((s, o) => s + o.remaining, 0n));
      }
    }

    // FOK: all or nothing, and nothing moves when it is nothing.
    if (fok && result.rejected === null) {
      const traded = result.fills.reduce((s, f) => s + f.quantity, 0n);
      if (result.order!.status === OrderStatus.FILLED) expect(traded).toBe(fokQuantity);
      else {
        expect(result.fills).toHaveLength(0);
        expect(after).toEqual(before);
      }
    }

    // takeable() is the matching walk without the changes: the same quantities at the same prices
    // (a FOK trades them only when they add up to its quantity).
    if (preview !== null && result.rejected === null) {
      const byPrice: Take[] = [];
      for (const f of result.fills) {
        const last = byPrice[byPrice.length - 1];
        if (last?.price === f.price) byPrice[byPrice.length - 1] = { price: f.price, quantity: last.quantity + f.quantity };
        else byPrice.push({ price: f.price, quantity: f.quantity });
      }
      const reachable = preview.reduce((sum, take) => sum + take.quantity, 0n);
      if (fok && reachable < fokQuantity) expect({ ctx, fills: byPrice }).toEqual({ ctx, fills: [] });
      else expect({ ctx, fills: byPrice }).toEqual({ ctx, fills: preview });
    }

    // Conservation: each fill moves base one way and quote the other between two owners.
    for (const f of result.fills) {
      const [buyer, seller] = f.takerSide === Side.BUY ? [f.takerOwnerId, f.makerOwnerId] : [f.makerOwnerId, f.takerOwnerId];
      add(base, buyer, f.quantity);
      add(base, seller, -f.quantity);
      add(quote, buyer, -f.quantity * f.price);
      add(quote, seller, f.quantity * f.price);
      add(filledByFills, f.makerOrderId, f.quantity);
      add(filledByFills, f.takerOrderId, f.quantity);
      expect(f.makerOwnerId).not.toBe(f.takerOwnerId);
    }
    expect([...base.values()].reduce((s, v) => s + v, 0n)).toBe(0n);
    expect([...quote.values()].reduce((s, v) => s + v, 0n)).toBe(0n);

    // filled <= quantity for every order, and each order's filled is what its fills add up to.
    if (result.order !== null && result.order.status !== OrderStatus.REJECTED) known.set(result.order.id, { quantity: result.order.quantity, filled: result.order.filled });
    for (const level of [...after.bids, ...after.asks]) for (const o of level.orders) known.set(o.id, { quantity: o.quantity, filled: o.filled });
    for (const f of result.fills) if (f.makerFilled) known.set(f.makerOrderId, { ...known.get(f.makerOrderId)!, filled: known.get(f.makerOrderId)!.quantity });
    for (const [id, o] of known) {
      expect(o.filled).toBeLessThanOrEqual(o.quantity);
      expect({ id, filled: o.filled }).toEqual({ id, filled: filledByFills.get(id) ?? 0n });
    }

    // The deltas, applied to a mirror, rebuild the aggregated book; seq moves by one per change.
    for (const d of result.deltas) {
      if (d.quantity === 0n) mirror.delete(`${d.side}:${d.price}`);
      else mirror.set(`${d.side}:${d.price}`, d.quantity);
    }
    const depth = book.depth(1000);
    const rebuilt = new Map<string, bigint>();
    for (const l of depth.bids) rebuilt.set(`${Side.BUY}:${l.price}`, l.quantity);
    for (const l of depth.asks) rebuilt.set(`${Side.SELL}:${l.price}`, l.quantity);
    expect(new Map([...mirror].sort())).toEqual(new Map([...rebuilt].sort()));
    expect(result.seq).toBe(result.deltas.length > 0 ? seq + 1 : seq);
    if (result.rejected !== null) expect(after).toEqual(before);
    seq = result.seq;
  }

  // A reload from the open orders gives the same book back.
  const snap = book.snapshot();
  const reloaded = new OrderBook('PROP');
  reloaded.load(
    [...snap.bids, ...snap.asks].flatMap((l) =>
      l.orders.map((o) => ({ id: o.id, ownerId: o.ownerId, side: o.side, price: o.price, quantity: o.quantity, filled: o.filled, timeInForce: o.timeInForce, sequence: o.sequence })),
    ),
  );
  const again = reloaded.snapshot();
  expect({ bids: again.bids, asks: again.asks }).toEqual({ bids: snap.bids, asks: snap.asks });
}

describe('OrderBook properties', () => {
  it('agrees with the naive model and keeps every invariant after every step', () => {
    fc.assert(
      fc.property(ops, (sequence) => run(sequence)),
      { numRuns: 400 },
    );
  });
});

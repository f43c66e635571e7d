import fc from 'fast-check';
import { OrderSide } from './order-types';
import { OrderTrigger, TriggerBy, TriggerKind, reached, trail } from './trigger';
import { TriggerIndex, WatchedOrder } from './trigger-index';

/**
 * TriggerIndex against the naive scan it replaces: after any sequence of
 * put / remove / tick, a tick fires exactly the orders for which `trail`
 * then `reached` holds, and moves exactly the anchors `trail` moves.
 */

const SYMBOLS = ['AAA', 'BBB', 'CCC'] as const;
// A narrow grid (10_000 +- 50 steps of 20): equal levels, prices exactly at a level, and
// trailing anchors that move back and forth are all common.
const price = fc.integer({ min: -50, max: 50 }).map((k) => BigInt(10_000 + k * 20));
const id = fc.integer({ min: 0, max: 24 }).map((n) => `o${n}`);

const trigger: fc.Arbitrary<OrderTrigger> = fc.oneof(
  fc.record({ kind: fc.constantFrom(TriggerKind.STOP, TriggerKind.TAKE_PROFIT), by: fc.constantFrom(TriggerBy.MARK, TriggerBy.LAST), price }).map((t) => ({
    ...t,
    callbackPpm: null,
    activationPrice: null,
    closePosition: false,
    anchor: null,
    triggeredAt: null,
  })),
  fc
    .record({
      by: fc.constantFrom(TriggerBy.MARK, TriggerBy.LAST),
      callbackPpm: fc.oneof(fc.constantFrom(1_000n, 10_000n, 100_000n), fc.bigInt({ min: 1_000n, max: 100_000n })),
      activationPrice: fc.option(price, { nil: null }),
      anchor: fc.option(price, { nil: null }),
    })
    .map((t) => ({ ...t, kind: TriggerKind.TRAILING_STOP, price: null, closePosition: false, triggeredAt: null })),
);

type Op =
  | { op: 'put'; order: WatchedOrder }
  | { op: 'remove'; id: string }
  | { op: 'tick'; symbol: string; by: TriggerBy; price: bigint };

const put = fc.record({ id, symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom(OrderSide.BUY, OrderSide.SELL), trigger }).map((order): Op => ({ op: 'put', order }));
const remove = id.map((i): Op => ({ op: 'remove', id: i }));
const tick = fc.record({ symbol: fc.constantFrom(...SYMBOLS), by: fc.constantFrom(TriggerBy.MARK, TriggerBy.LAST), price }).map((t): Op => ({ op: 'tick', ...t }));
const ops = fc.array(fc.oneof({ arbitrary: put, weight: 5 }, { arbitrary: remove, weight: 1 }, { arbitrary: tick, weight: 4 }), { minLength: 1, maxLength: 150 });

/** The scan: every order of the market watching that price, trailed, then checked. */
function scan(model: Map<string, WatchedOrder>, symbol: string, by: TriggerBy, p: bigint): { fired: Map<string, bigint | null>; moved: Map<string, bigint | null> } {
  const fired = new Map<string, bigint | null>();
  const moved = new Map<string, bigint | null>();
  for (const order of model.values()) {
    if (order.symbol !== symbol || order.trigger.by !== by) continue;
    const anchor = trail(order.trigger, order.side, p);
    let current = order;
    if (anchor !== order.trigger.anchor) {
      current = { ...order, trigger: { ...order.trigger, anchor } };
      model.set(order.id, current);
      moved.set(order.id, anchor);
    }
    if (reached(current.trigger, current.side, p)) fired.set(order.id, current.trigger.anchor);
  }
  return { fired, moved };
}

function run(sequence: readonly Op[]): void {
  const index = new TriggerIndex();
  const model = new Map<string, WatchedOrder>();
  for (const [step, op] of sequence.entries()) {
    if (op.op === 'put') {
      index.put(op.order);
      model.set(op.order.id, op.order);
    } else if (op.op === 'remove') {
      index.remove(op.id);
      model.delete(op.id);
    } else {
      const got = index.tick(op.symbol, op.by, op.price);
      const want = scan(model, op.symbol, op.by, op.price);
      const firedIds = got.fired.map((w) => w.id);
      expect({ step, fired: [...firedIds].sort() }).toEqual({ step, fired: [...want.fired.keys()].sort() });
      expect(new Set(firedIds).size).toBe(firedIds.length); // each order once
      expect({ step, firedAnchors: new Map(got.fired.map((w) => [w.id, w.trigger.anchor])) }).toEqual({ step, firedAnchors: want.fired });
      expect({ step, moved: new Map(got.moved.map((w) => [w.id, w.trigger.anchor])) }).toEqual({ step, moved: want.moved });
      expect(got.moved.length).toBe(want.moved.size);
    }
    expect(index.size).toBe(model.size);
    expect(index.symbols().sort()).toEqual([...new Set([...model.values()].map((o) => o.symbol))].sort());
    for (const [key, order] of model) expect(index.get(key)).toEqual(order);
  }
}

describe('TriggerIndex vs a naive scan (property)', () => {
  it('fires and moves exactly what trail + reached on every order would', () => {
    fc.assert(
      fc.property(ops, (sequence) => run(sequence)),
      { numRuns: 400 },
    );
  });

  it('a tick on one market or one watched price never touches the others', () => {
    const index = new TriggerIndex();
    const t = (by: TriggerBy, p: bigint): OrderTrigger => ({ kind: TriggerKind.STOP, by, price: p, callbackPpm: null, activationPrice: null, closePosition: false, anchor: null, triggeredAt: null });
    index.put({ id: 'a', symbol: 'AAA', side: OrderSide.SELL, trigger: t(TriggerBy.MARK, 100n) });
    index.put({ id: 'b', symbol: 'AAA', side: OrderSide.SELL, trigger: t(TriggerBy.LAST, 100n) });
    index.put({ id: 'c', symbol: 'BBB', side: OrderSide.SELL, trigger: t(TriggerBy.MARK, 100n) });
    expect(index.tick('AAA', TriggerBy.MARK, 100n).fired.map((w) => w.id)).toEqual(['a']);
    expect(index.tick('AAA', TriggerBy.LAST, 99n).fired.map((w) => w.id)).toEqual(['b']);
    expect(index.tick('CCC', TriggerBy.MARK, 1n).fired).toEqual([]);
  });
});

import { OrderSide } from '../../libs/orders/src/domain/order-types';
import { OrderTrigger, TriggerBy, TriggerKind, reached, trail } from '../../libs/orders/src/domain/trigger';
import { TriggerIndex, WatchedOrder } from '../../libs/orders/src/domain/trigger-index';
import { Histogram } from '../lib/histogram';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';

/**
 * Issue 16: a price tick over 100,000 untriggered conditional orders that triggers none. Ours:
 * the TriggerIndex (libs/orders/src/domain) as the TriggerMonitor uses it for one market's look:
 * tick(symbol, MARK, price) then tick(symbol, LAST, price), trailing stops' anchors updated. The
 * reference, in the same run: a full scan, `trail` then `reached` on every order (the trailing
 * stops' anchors kept in its own copies). All orders on ONE market (the worst case for a tick):
 * STOP / TAKE_PROFIT, sell / buy, MARK / LAST in equal parts, levels 2-50 % away from the price
 * on the side that does not fire; plus 1,000 trailing stops (sell and buy, half trailing from
 * the start with callbacks 3-10 %, half waiting for an activation price 5-20 % away). Ticks
 * wander within +-1 % of the start, so none fires but the trailing anchors do move.
 * Target: our p99 under 1 ms.
 */

const NAME = 'trigger-index';
const FIXED = 100_000;
const QUICK_FIXED = 20_000;
const TRAILING = 1_000;
const TICKS = 2_000;
const PRICE = 5_000_000n; // 50 000.00 in cents
const SYMBOL = 'BTC-USDT';
const P99_TARGET_NS = 1_000_000;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

const ppmOf = (fraction: number) => BigInt(Math.floor(fraction * 1e6));
const away = (fraction: number, up: boolean) => (up ? PRICE + (PRICE * ppmOf(fraction)) / 1_000_000n : PRICE - (PRICE * ppmOf(fraction)) / 1_000_000n);

function base(kind: TriggerKind, by: TriggerBy): OrderTrigger {
  return { kind, by, price: null, callbackPpm: null, activationPrice: null, closePosition: false, anchor: null, triggeredAt: null };
}

function orders(fixed: number): WatchedOrder[] {
  const next = random(16);
  const out: WatchedOrder[] = [];
  for (let i = 0; i < fixed; i++) {
    const kind = i % 2 === 0 ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT;
    const side = (i >> 1) % 2 === 0 ? OrderSide.SELL : OrderSide.BUY;
    const by = (i >> 2) % 2 === 0 ? TriggerBy.MARK : TriggerBy.LAST;
    // A sell stop / buy take-profit fires on a fall: its level rests below the price; the others above.
    const fallsToFire = (kind === TriggerKind.STOP) === (side === OrderSide.SELL);
    const price = away(0.02 + next() * 0.48, !fallsToFire);
    out.push({ id: `f${i}`, symbol: SYMBOL, side, trigger: { ...base(kind, by), price } });
  }
  for (let i = 0; i < TRAILING; i++) {
    const side = i % 2 === 0 ? OrderSide.SELL : OrderSide.BUY;
    const by = (i >> 1) % 2 === 0 ? TriggerBy.MARK : TriggerBy.LAST;
    const callbackPpm = ppmOf(0.03 + next() * 0.07);
    const waiting = (i >> 2) % 2 === 0;
    // Trailing now (anchored at the price: a +-1 % walk never reaches a 3 % callback), or waiting
    // for an activation price 5-20 % away on the side it trails from (a sell above, a buy below).
    const trigger: OrderTrigger = waiting
      ? { ...base(TriggerKind.TRAILING_STOP, by), callbackPpm, activationPrice: away(0.05 + next() * 0.15, side === OrderSide.SELL) }
      : { ...base(TriggerKind.TRAILING_STOP, by), callbackPpm, anchor: PRICE };
    out.push({ id: `t${i}`, symbol: SYMBOL, side, trigger });
  }
  return out;
}

/** A walk within +-1 % of the start, in steps of at most 0.05 %. */
function ticks(): bigint[] {
  const next = random(42);
  let p = PRICE;
  const lo = away(0.01, false);
  const hi = away(0.01, true);
  return Array.from({ length: TICKS }, () => {
    p += (PRICE * BigInt(Math.floor((next() * 2 - 1) * 500))) / 1_000_000n;
    if (p < lo) p = lo;
    if (p > hi) p = hi;
    return p;
  });
}

/** The scan: `trail` then `reached` on every order watching that price; trailing anchors kept in `all`. */
function scan(all: WatchedOrder[], by: TriggerBy, price: bigint): { fired: number; moved: number } {
  let fired = 0;
  let moved = 0;
  for (let i = 0; i < all.length; i++) {
    let o = all[i]!;
    if (o.trigger.by !== by) continue;
    if (o.trigger.kind === TriggerKind.TRAILING_STOP) {
      const anchor = trail(o.trigger, o.side, price);
      if (anchor !== o.trigger.anchor) {
        o = { ...o, trigger: { ...o.trigger, anchor } };
        all[i] = o;
        moved++;
      }
    }
    if (reached(o.trigger, o.side, price)) fired++;
  }
  return { fired, moved };
}

export const triggerIndexScenario: Scenario = {
  name: NAME,
  description: 'A price tick over 100,000 untriggered orders (+1,000 trailing) that triggers none: the trigger index vs a full scan, in one process',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const seeded = orders(ctx.args.quick ? QUICK_FIXED : FIXED);
    const prices = ticks();
    const ours = new Histogram();
    const ref = new Histogram();
    let buildMs = 0;
    let fired = 0;
    let refFired = 0;
    let moved = 0;
    let mismatches = 0;
    // Round 0 warms the JIT; round 1, measured, on a fresh index and fresh copies: the same walk
    // moves the same anchors again.
    for (let round = 0; round < 2; round++) {
      const started = process.hrtime.bigint();
      const index = new TriggerIndex();
      for (const o of seeded) index.put(o);
      buildMs = Number(process.hrtime.bigint() - started) / 1e6;
      const reference = [...seeded];
      for (const price of prices) {
        const a = process.hrtime.bigint();
        const byMark = index.tick(SYMBOL, TriggerBy.MARK, price);
        const byLast = index.tick(SYMBOL, TriggerBy.LAST, price);
        const b = process.hrtime.bigint();
        const sMark = scan(reference, TriggerBy.MARK, price);
        const sLast = scan(reference, TriggerBy.LAST, price);
        const c = process.hrtime.bigint();
        const f = byMark.fired.length + byLast.fired.length;
        const m = byMark.moved.length + byLast.moved.length;
        if (f !== sMark.fired + sLast.fired || m !== sMark.moved + sLast.moved) mismatches++;
        if (round === 0) continue;
        ours.record(Number(b - a));
        ref.record(Number(c - b));
        fired += f;
        refFired += sMark.fired + sLast.fired;
        moved += m;
      }
    }
    const p99 = ours.percentile(99);
    const refP99 = ref.percentile(99);
    const pass = p99 < P99_TARGET_NS;
    ctx.log(`${NAME}: ${seeded.length} orders, p99 ${(p99 / 1000).toFixed(1)} us vs scan ${(refP99 / 1000).toFixed(1)} us (${(refP99 / p99).toFixed(0)}x), ${moved} anchor moves, ${fired} fired: ${pass ? 'PASS' : 'FAIL'} (p99 < 1 ms)`);
    const row = (metric: string, o: number | string, f: number | string | null, target: string, ok: boolean | null): ResultRow => ({
      scenario: NAME,
      metric,
      ours: o,
      reference: f,
      ratio: typeof o === 'number' && typeof f === 'number' && o > 0 ? f / o : null,
      target,
      pass: ok,
    });
    return {
      rows: [
        row(`tick p99 us (MARK + LAST, ${seeded.length} orders, ${TRAILING} trailing, none reached)`, p99 / 1000, refP99 / 1000, '< 1000 us', pass),
        row('tick p50 us', ours.percentile(50) / 1000, ref.percentile(50) / 1000, '', null),
        row('fired (must be 0) / trailing anchor moves; the scan: same per tick', `${fired} / ${moved}`, `${refFired} / ${mismatches === 0 ? 'same' : `${mismatches} ticks differ`}`, 'identical', mismatches === 0 && fired === 0),
        row('index build ms', Math.round(buildMs), null, '', null),
      ],
      details: { orders: seeded.length, trailing: TRAILING, ticks: TICKS, p99Ns: p99, refP99Ns: refP99, anchorMoves: moved, mismatches },
    };
  },
};

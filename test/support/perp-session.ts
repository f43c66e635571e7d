import fc from 'fast-check';
import type { Side } from './spot-rules';

/**
 * A random perpetual session for test/perp-model.e2e-spec.ts: commands name
 * users and orders by small numbers, resolved when they run. Makers quote at
 * the mark or a tick or three away on their own side, takers reach up to
 * three ticks through it, so the book has depth on both sides and positions
 * open, grow, shrink and flip; now and then an order far through the mark
 * (past an isolated position's bankruptcy bound), reduce-only orders, market
 * orders, cancels, and isolated margin added.
 */
export type PerpCommand =
  | {
      readonly kind: 'place';
      readonly user: number;
      readonly side: Side;
      readonly type: 'LIMIT' | 'MARKET';
      readonly timeInForce: 'GTC' | 'IOC' | undefined;
      /** Ticks from the mark towards the other side (up for a buy). */
      readonly ticks: number;
      /** Quantity in steps (0.01). */
      readonly lots: number;
      readonly reduceOnly: boolean;
      /** Reduce-only: the quantity is the position's size (what closes it), when there is one. */
      readonly closeAll: boolean;
      /** Not reduce-only: the largest quantity whose hold fits the available margin ('fit') or one step more ('over'). */
      readonly edge?: 'fit' | 'over';
    }
  | { readonly kind: 'cancel'; readonly user: number; readonly pick: number }
  | { readonly kind: 'addMargin'; readonly user: number; readonly cents: number };

const rarely = (n: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: n }).map((x) => x === 1);

export function commandArbitrary(users: number): fc.Arbitrary<PerpCommand> {
  const user = fc.nat({ max: users - 1 });
  const side = fc.constantFrom<Side>('BUY', 'SELL');
  const limit = (timeInForce: fc.Arbitrary<'GTC' | 'IOC' | undefined>, ticks: fc.Arbitrary<number>, reduceOnly: fc.Arbitrary<boolean>) =>
    fc.record({
      kind: fc.constant('place' as const),
      user,
      side,
      type: fc.constant('LIMIT' as const),
      timeInForce,
      ticks,
      lots: fc.integer({ min: 1, max: 60 }),
      reduceOnly,
      closeAll: rarely(3),
      // Now and then: an order that fits holds all that is left, so rarely.
      edge: fc.integer({ min: 1, max: 30 }).map((x) => (x === 1 ? ('fit' as const) : x <= 3 ? ('over' as const) : undefined)),
    });
  const maker = limit(fc.constantFrom<'GTC' | undefined>(undefined, 'GTC'), fc.integer({ min: -3, max: 0 }), rarely(6));
  const taker = limit(fc.constantFrom<'GTC' | 'IOC' | undefined>(undefined, 'GTC', 'IOC'), fc.integer({ min: 0, max: 3 }), rarely(4));
  const far = limit(fc.constantFrom<'GTC' | 'IOC'>('GTC', 'IOC'), fc.integer({ min: 8, max: 25 }), fc.boolean());
  const market = fc.record({
    kind: fc.constant('place' as const),
    user,
    side,
    type: fc.constant('MARKET' as const),
    timeInForce: fc.constant(undefined),
    ticks: fc.constant(0),
    lots: fc.integer({ min: 1, max: 40 }),
    reduceOnly: rarely(3),
    closeAll: rarely(2),
  });
  const cancel = fc.record({ kind: fc.constant('cancel' as const), user, pick: fc.nat({ max: 40 }) });
  const addMargin = fc.record({ kind: fc.constant('addMargin' as const), user, cents: fc.integer({ min: 1, max: 5000 }) });
  return fc.oneof(
    { arbitrary: maker, weight: 10 },
    { arbitrary: taker, weight: 6 },
    { arbitrary: market, weight: 3 },
    { arbitrary: far, weight: 1 },
    { arbitrary: cancel, weight: 4 },
    { arbitrary: addMargin, weight: 1 },
  );
}

/** `count` commands over `users` users, the same ones for the same seed. */
export function session(seed: number, users: number, count: number): PerpCommand[] {
  return fc.sample(fc.array(commandArbitrary(users), { minLength: count, maxLength: count }), { seed, numRuns: 1, unbiased: true })[0]!;
}

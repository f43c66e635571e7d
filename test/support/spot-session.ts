import fc from 'fast-check';
import type { OrderType, Side, TimeInForce } from './spot-rules';

/**
 * Random trading sessions for test/orders-model.e2e-spec.ts: a few users
 * funded with small or large amounts of every asset, then 20 to 60 commands.
 * Commands name users, markets and orders by small numbers, resolved when the
 * command runs (against the orders that exist by then), so fast-check can
 * shrink a failing session to a few commands that still mean something.
 * Prices are ticks away from the mark, mostly near it so that orders cross,
 * now and then beyond the band; quantities are lots of the market.
 */
export type SessionCommand =
  | {
      readonly kind: 'place';
      readonly user: number;
      readonly market: number;
      readonly side: Side;
      readonly type: OrderType;
      readonly timeInForce: TimeInForce | undefined;
      /** Ticks from the mark towards the other side (up for a buy, down for a sell): mostly crossing. A MARKET order has no price. */
      readonly ticks: number;
      /** Beyond the band's edge on the side of `ticks`. */
      readonly far: boolean;
      /** One price unit off the tick grid (markets whose tick is more than one unit). */
      readonly offTick: boolean;
      /** Quantity in lots of the market. */
      readonly lots: number;
    }
  | {
      readonly kind: 'amend';
      readonly user: number;
      /** An order of the user (or of another user when `foreign`), by position. */
      readonly pick: number;
      readonly foreign: boolean;
      readonly priceTicks: number | undefined;
      readonly quantityLots: number | undefined;
    }
  | { readonly kind: 'cancel'; readonly user: number; readonly pick: number; readonly foreign: boolean }
  | { readonly kind: 'cancelAll'; readonly user: number; readonly market: number | null }
  /** An admin narrows the market's band (orders resting beyond it stay, MARKET orders stop at its edge) or widens it back. */
  | { readonly kind: 'band'; readonly market: number; readonly narrow: boolean };

export interface Session {
  /** Per user, per asset of the suite: an index into that asset's funding choices. */
  readonly funding: readonly (readonly number[])[];
  /** null: a slot shrinking emptied (never generated in practice), so a failing session shrinks below 20 commands. */
  readonly commands: readonly (SessionCommand | null)[];
}

/** True about once in `n`. */
const rarely = (n: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const user = fc.nat({ max: 4 });

function commandArbitrary(markets: number): fc.Arbitrary<SessionCommand> {
  const market = fc.nat({ max: markets - 1 });
  const limitOrder = (timeInForce: fc.Arbitrary<TimeInForce | undefined>, ticks: fc.Arbitrary<number>, lots: fc.Arbitrary<number>) =>
    fc.record({
      kind: fc.constant('place' as const),
      user,
      market,
      side: fc.constantFrom<Side>('BUY', 'SELL'),
      type: fc.constant<OrderType>('LIMIT'),
      timeInForce,
      ticks,
      far: rarely(25),
      offTick: rarely(30),
      lots,
    });
  // Makers quote at the mark or a tick either side of it and takers reach up to two ticks through it, as in a
  // market: a book with depth on both sides for the takers to walk (random prices for everyone left one side
  // empty most of the time), and queues of several users' orders at one price, where time priority shows.
  const maker = limitOrder(fc.constantFrom<TimeInForce | undefined>(undefined, 'GTC', 'POST_ONLY'), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 3, max: 60 }));
  const taker = limitOrder(fc.constantFrom<TimeInForce | undefined>('GTC', 'IOC', 'FOK'), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 3, max: 30 }));
  // A MARKET order is IOC (the default) or FOK; now and then a time in force it refuses.
  const marketOrder = fc.record({
    kind: fc.constant('place' as const),
    user,
    market,
    side: fc.constantFrom<Side>('BUY', 'SELL'),
    type: fc.constant<OrderType>('MARKET'),
    timeInForce: fc.constantFrom<TimeInForce | undefined>(undefined, undefined, 'IOC', 'FOK', 'FOK', 'POST_ONLY'),
    ticks: fc.constant(0),
    far: fc.constant(false),
    offTick: fc.constant(false),
    lots: fc.integer({ min: 3, max: 60 }),
  });
  const amend = fc.record({
    kind: fc.constant('amend' as const),
    user,
    pick: fc.nat({ max: 30 }),
    foreign: rarely(15),
    priceTicks: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
    quantityLots: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
  });
  const cancel = fc.record({ kind: fc.constant('cancel' as const), user, pick: fc.nat({ max: 30 }), foreign: rarely(15) });
  const cancelAll = fc.record({ kind: fc.constant('cancelAll' as const), user, market: fc.option(market, { nil: null }) });
  const band = fc.record({ kind: fc.constant('band' as const), market, narrow: fc.boolean() });
  return fc.oneof(
    { arbitrary: maker, weight: 10 },
    { arbitrary: taker, weight: 6 },
    { arbitrary: marketOrder, weight: 4 },
    { arbitrary: amend, weight: 4 },
    { arbitrary: cancel, weight: 2 },
    { arbitrary: cancelAll, weight: 1 },
    { arbitrary: band, weight: 2 },
  );
}

/** Sessions of 3 to 5 users over `markets` markets, `assets` assets each funded from `choices` options. */
export function sessionArbitrary(markets: number, assets: number, choices: number): fc.Arbitrary<Session> {
  return fc.record({
    funding: fc.array(fc.array(fc.nat({ max: choices - 1 }), { minLength: assets, maxLength: assets }), { minLength: 3, maxLength: 5 }),
    commands: fc.array(fc.option(commandArbitrary(markets), { nil: null, freq: 1_000_000 }), { minLength: 20, maxLength: 60, size: 'max' }),
  });
}

/**
 * The order a command names: among the user's own, open ones first (three
 * times in four), else any of them (an ended one is refused ORDER_NOT_OPEN);
 * `foreign` picks another user's (ORDER_NOT_FOUND for this one). Undefined
 * when there is none.
 */
export function pickOrder<T extends { readonly user: number; readonly inBook: boolean }>(orders: readonly T[], user: number, pick: number, foreign: boolean): T | undefined {
  const candidates = foreign ? orders.filter((o) => o.user !== user) : orders.filter((o) => o.user === user);
  const open = candidates.filter((o) => o.inBook);
  const pool = open.length > 0 && pick % 4 !== 3 ? open : candidates;
  return pool.length === 0 ? undefined : pool[pick % pool.length];
}

import { OrderSide } from './order-types';
import { OrderTrigger, TriggerBy, TriggerKind, directionOf, highestTrailingLevel, levelOf, reached, trail } from './trigger';

// Prices are integers of the market's price scale (here 1 unit = 0.01 quote: 100_000 = 1,000.00).
const { BUY, SELL } = OrderSide;

function fixed(kind: TriggerKind.STOP | TriggerKind.TAKE_PROFIT, price: bigint): OrderTrigger {
  return { kind, by: TriggerBy.MARK, price, callbackPpm: null, activationPrice: null, closePosition: false, anchor: null, triggeredAt: null };
}

function trailing(callbackPpm: bigint, activationPrice: bigint | null = null): OrderTrigger {
  return { kind: TriggerKind.TRAILING_STOP, by: TriggerBy.MARK, price: null, callbackPpm, activationPrice, closePosition: false, anchor: null, triggeredAt: null };
}

describe('STOP and TAKE_PROFIT: direction, level and reached at exact integer prices', () => {
  // kind, side, direction, [just below the level, at it, just above it] reached
  const cases: readonly [TriggerKind.STOP | TriggerKind.TAKE_PROFIT, OrderSide, 'RISE' | 'FALL', readonly [boolean, boolean, boolean]][] = [
    [TriggerKind.STOP, SELL, 'FALL', [true, true, false]],
    [TriggerKind.STOP, BUY, 'RISE', [false, true, true]],
    [TriggerKind.TAKE_PROFIT, SELL, 'RISE', [false, true, true]],
    [TriggerKind.TAKE_PROFIT, BUY, 'FALL', [true, true, false]],
  ];

  it.each(cases)('%s %s fires on a %s', (kind, side, direction, [below, at, above]) => {
    const trigger = fixed(kind, 100_000n);
    expect(directionOf(kind, side)).toBe(direction);
    expect(levelOf(trigger, side)).toBe(100_000n);
    expect(reached(trigger, side, 99_999n)).toBe(below);
    expect(reached(trigger, side, 100_000n)).toBe(at);
    expect(reached(trigger, side, 100_001n)).toBe(above);
  });

  it.each(cases)('%s %s: a price never moves its level (trail keeps no anchor)', (kind, side) => {
    const trigger = fixed(kind, 100_000n);
    for (const price of [1n, 99_999n, 100_000n, 100_001n, 10_000_000n]) expect(trail(trigger, side, price)).toBeNull();
  });

  it('a trailing sell fires on a fall, a trailing buy on a rise', () => {
    expect(directionOf(TriggerKind.TRAILING_STOP, SELL)).toBe('FALL');
    expect(directionOf(TriggerKind.TRAILING_STOP, BUY)).toBe('RISE');
  });
});

/** One step of a path: the price seen, then the anchor, the level and whether it fires, as of that price. */
type Step = readonly [price: bigint, anchor: bigint | null, level: bigint | null, fires: boolean];

/** Feeds the prices one by one as the monitor does: trail, store the anchor, then reached. */
function walk(start: OrderTrigger, side: OrderSide, path: readonly Step[]): void {
  let trigger = start;
  path.forEach(([price, anchor, level, fires], i) => {
    trigger = { ...trigger, anchor: trail(trigger, side, price) };
    const seen = [trigger.anchor, levelOf(trigger, side), reached(trigger, side, price)];
    expect({ step: i, price, seen }).toEqual({ step: i, price, seen: [anchor, level, fires] });
  });
}

describe('TRAILING_STOP paths', () => {
  it('sell, 1 %, no activation price: trails from the first price, keeps the highest, fires at floor(anchor x 0.99)', () => {
    walk(trailing(10_000n), SELL, [
      [100_000n, 100_000n, 99_000n, false],
      [101_000n, 101_000n, 99_990n, false],
      [100_500n, 101_000n, 99_990n, false], // a fall within the callback: the anchor stays
      [99_991n, 101_000n, 99_990n, false],
      [99_990n, 101_000n, 99_990n, true], // exactly at the level
      [99_000n, 101_000n, 99_990n, true],
    ]);
  });

  it('buy, 1 %, no activation price: keeps the lowest, fires at ceil(anchor x 1.01)', () => {
    walk(trailing(10_000n), BUY, [
      [100_000n, 100_000n, 101_000n, false],
      [99_000n, 99_000n, 99_990n, false],
      [99_500n, 99_000n, 99_990n, false],
      [99_989n, 99_000n, 99_990n, false],
      [99_990n, 99_000n, 99_990n, true],
      [101_000n, 99_000n, 99_990n, true],
    ]);
  });

  it('sell with an activation price: nothing trails (nor fires) below it, trailing starts at it exactly', () => {
    walk(trailing(10_000n, 105_000n), SELL, [
      [100_000n, null, null, false],
      [90_000n, null, null, false], // far below: not trailing yet, so no fire
      [104_999n, null, null, false],
      [105_000n, 105_000n, 103_950n, false], // reached exactly: trails from it
      [106_000n, 106_000n, 104_940n, false],
      [104_941n, 106_000n, 104_940n, false],
      [104_940n, 106_000n, 104_940n, true],
    ]);
  });

  it('sell with an activation price overshot: trails from the first price at or above it', () => {
    walk(trailing(10_000n, 105_000n), SELL, [
      [104_000n, null, null, false],
      [110_000n, 110_000n, 108_900n, false],
      [108_901n, 110_000n, 108_900n, false],
      [108_900n, 110_000n, 108_900n, true],
    ]);
  });

  it('buy with an activation price: nothing trails above it, trailing starts at it exactly', () => {
    walk(trailing(10_000n, 95_000n), BUY, [
      [100_000n, null, null, false],
      [120_000n, null, null, false], // far above: not trailing yet, so no fire
      [95_001n, null, null, false],
      [95_000n, 95_000n, 95_950n, false],
      [94_000n, 94_000n, 94_940n, false],
      [94_939n, 94_000n, 94_940n, false],
      [94_940n, 94_000n, 94_940n, true],
    ]);
  });

  // 0.1 %, 1 % and 10 % on an anchor whose level is not an integer: sell floor, buy ceil.
  // 100_001 x 0.999 = 99_900.999 -> 99_900; 100_001 x 1.001 = 100_101.001 -> 100_102;
  // 100_050 x 0.99 = 99_049.5 -> 99_049; 100_050 x 1.01 = 101_050.5 -> 101_051;
  // 12_345 x 0.9 = 11_110.5 -> 11_110; 12_345 x 1.1 = 13_579.5 -> 13_580.
  const rounding: readonly [string, bigint, bigint, bigint, bigint][] = [
    ['0.1 %', 1_000n, 100_001n, 99_900n, 100_102n],
    ['1 %', 10_000n, 100_050n, 99_049n, 101_051n],
    ['10 %', 100_000n, 12_345n, 11_110n, 13_580n],
  ];

  it.each(rounding)('%s: sell level floor(anchor x (1e6 - ppm) / 1e6), fires at it, not one above', (_name, ppm, anchor, sellLevel) => {
    walk(trailing(ppm), SELL, [
      [anchor, anchor, sellLevel, false],
      [sellLevel + 1n, anchor, sellLevel, false],
      [sellLevel, anchor, sellLevel, true],
    ]);
  });

  it.each(rounding)('%s: buy level ceil(anchor x (1e6 + ppm) / 1e6), fires at it, not one below', (_name, ppm, anchor, _sellLevel, buyLevel) => {
    walk(trailing(ppm), BUY, [
      [anchor, anchor, buyLevel, false],
      [buyLevel - 1n, anchor, buyLevel, false],
      [buyLevel, anchor, buyLevel, true],
    ]);
  });

  it('exact levels are not rounded: 1 % of 100_000 is 99_000 / 101_000', () => {
    const anchored = { ...trailing(10_000n), anchor: 100_000n };
    expect(levelOf(anchored, SELL)).toBe(99_000n);
    expect(levelOf(anchored, BUY)).toBe(101_000n);
  });

  it('highestTrailingLevel rounds up as a buy level does', () => {
    expect(highestTrailingLevel(100_001n, 1_000n)).toBe(100_102n);
    expect(highestTrailingLevel(12_345n, 100_000n)).toBe(13_580n);
    expect(highestTrailingLevel(100_000n, 10_000n)).toBe(101_000n);
  });
});

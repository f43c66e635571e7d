import { Instrument, InstrumentKind } from './instrument';

/**
 * Markets by underlying (base/quote), the reference market first: spot
 * before perpetual, then by symbol. The simulated feed walks the reference's
 * price and puts every other market of the group on its own grid; the
 * synthetic history follows the same rule, so both join.
 */
export function underlyings(instruments: readonly Instrument[]): Map<string, Instrument[]> {
  const groups = new Map<string, Instrument[]>();
  const ordered = [...instruments].sort((a, b) => (a.kind === b.kind ? (a.symbol < b.symbol ? -1 : 1) : a.kind === InstrumentKind.SPOT ? -1 : 1));
  for (const instrument of ordered) {
    const key = `${instrument.base}/${instrument.quote}`;
    const group = groups.get(key);
    if (group) group.push(instrument);
    else groups.set(key, [instrument]);
  }
  return groups;
}

/** The market whose walk `instrument` follows (itself when it is the reference of its group). */
export function referenceOf(instruments: readonly Instrument[], instrument: Instrument): Instrument {
  const group = underlyings([...instruments.filter((i) => i.symbol !== instrument.symbol), instrument]).get(`${instrument.base}/${instrument.quote}`);
  return group![0]!;
}

/** The feed's first price of `instrument`: its reference's initial price on its own grid. */
export function feedStartPrice(instruments: readonly Instrument[], instrument: Instrument): bigint {
  const reference = referenceOf(instruments, instrument);
  return reference === instrument ? instrument.initialPrice : onGrid(reference.initialPrice, reference.priceScale, instrument);
}

/** A price at `fromScale` rounded half up to `to`'s tick grid (at least one tick). */
export function onGrid(price: bigint, fromScale: number, to: Pick<Instrument, 'priceScale' | 'tickSize'>): bigint {
  const numerator = price * 10n ** BigInt(to.priceScale);
  const denominator = 10n ** BigInt(fromScale) * to.tickSize;
  const ticks = (2n * numerator + denominator) / (2n * denominator);
  return (ticks > 0n ? ticks : 1n) * to.tickSize;
}

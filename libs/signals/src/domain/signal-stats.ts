import { SignalDirection } from './signal-rule';

/** One firing and, when the horizon has passed, the close N candles later (price units). */
export interface FiringOutcome {
  readonly closeAtFiring: bigint;
  readonly closeAfter: bigint | null;
}

export interface SignalStats {
  readonly firings: number;
  /** Firings whose horizon has passed (the others are still open). */
  readonly evaluated: number;
  readonly hits: number;
  /** hits / evaluated, 4 decimals; null when nothing was evaluated. */
  readonly hitRate: string | null;
  /** Mean of (closeAfter / closeAtFiring - 1) in percent, signed, 4 decimals; null when nothing was evaluated. */
  readonly averageMovePercent: string | null;
}

const SCALE = 10n ** 8n;

/** Rounds n / d half away from zero to `decimals` places, as a decimal string. */
export function ratioText(n: bigint, d: bigint, decimals: number): string {
  const scaled = n * 10n ** BigInt(decimals);
  const negative = scaled < 0n !== d < 0n && scaled !== 0n;
  const a = scaled < 0n ? -scaled : scaled;
  const b = d < 0n ? -d : d;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative && q !== 0n ? `-${text}` : text;
}

/**
 * Hit rate: a firing is a hit when the close `horizon` candles later moved
 * in the rule's direction (strictly: an unchanged close is a miss). The
 * average move is of all evaluated firings, signed (a DOWN rule that works
 * shows a negative move). Exact: moves are summed as ratios over a common
 * scale of 10^8, then rounded once.
 */
export function signalStats(direction: SignalDirection, outcomes: readonly FiringOutcome[]): SignalStats {
  let evaluated = 0;
  let hits = 0;
  let moveSum = 0n; // sum of moves scaled by 10^8 (truncated per firing: 1e-8 of a percent is far below what is shown)
  for (const o of outcomes) {
    if (o.closeAfter === null) continue;
    evaluated += 1;
    const up = o.closeAfter > o.closeAtFiring;
    const down = o.closeAfter < o.closeAtFiring;
    if ((direction === 'UP' && up) || (direction === 'DOWN' && down)) hits += 1;
    moveSum += ((o.closeAfter - o.closeAtFiring) * SCALE * 100n) / o.closeAtFiring;
  }
  return {
    firings: outcomes.length,
    evaluated,
    hits,
    hitRate: evaluated === 0 ? null : ratioText(BigInt(hits), BigInt(evaluated), 4),
    averageMovePercent: evaluated === 0 ? null : ratioText(moveSum, BigInt(evaluated) * SCALE, 4),
  };
}

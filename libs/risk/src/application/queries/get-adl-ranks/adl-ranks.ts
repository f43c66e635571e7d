import { Holding } from '@lib/positions';
import { AdlScore, adlScore, compareScores } from '../../liquidation/liquidation-rules';

/**
 * The ADL rank of each position of one market, per side (longs among longs,
 * shorts among shorts): a position not in profit is 1; the profitable ones
 * are ranked by adlScore (the order ADL takes them in) into quintiles, 5 for
 * the top fifth. Ties share the better rank.
 */
export function adlRanks(holdings: readonly Holding[]): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const long of [true, false]) {
    const side = holdings.filter((h) => (h.record.position.size > 0n) === long && h.record.position.size !== 0n);
    const scored: { userId: string; score: AdlScore }[] = [];
    for (const h of side) {
      const score = adlScore(h);
      if (score === null) ranks.set(h.record.userId, 1);
      else scored.push({ userId: h.record.userId, score });
    }
    // Ascending: the lowest score first; a position's rank counts the side's positions strictly below it.
    scored.sort((a, b) => compareScores(b.score, a.score));
    let below = side.length - scored.length;
    for (let i = 0; i < scored.length; i++) {
      if (i > 0 && compareScores(scored[i - 1]!.score, scored[i]!.score) !== 0) below = side.length - scored.length + i;
      ranks.set(scored[i]!.userId, Math.min(5, 1 + Math.floor((5 * below) / side.length)));
    }
  }
  return ranks;
}

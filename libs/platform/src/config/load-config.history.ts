import { EnvReader } from './env-reader';

/** The default HISTORY_SEED: fixed and public, so every install shows the same synthetic history (docs/analytics.md). */
export const DEFAULT_HISTORY_SEED = 'exchange-synthetic-history-v1';
const MAX_SEED_LENGTH = 256;

export interface HistorySettings {
  /** Seed of the synthetic price history (not a secret: it prices nothing that trades). */
  readonly historySeed: string;
  /** Days of synthetic 1-minute history before each market's history start (0: none). */
  readonly historySyntheticDays: number;
}

/**
 * The synthetic price history. Unlike MARKET_SEED (a secret: the live walk
 * must not be predictable), HISTORY_SEED is public by design: the synthetic
 * past is for backtests on a fresh install and must be the same everywhere.
 */
export function readHistory(e: EnvReader): HistorySettings {
  const historySeed = e.string('HISTORY_SEED', DEFAULT_HISTORY_SEED);
  if (historySeed.length > MAX_SEED_LENGTH) e.fail('HISTORY_SEED', `must be at most ${MAX_SEED_LENGTH} characters (got ${historySeed.length})`);
  return {
    historySeed,
    historySyntheticDays: e.int('HISTORY_SYNTHETIC_DAYS', 365, 0, 730),
  };
}

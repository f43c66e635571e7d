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

export interface CandleRetentionSettings {
  /** 1m, 5m and 15m candles older than this many days are deleted. */
  readonly candleRetentionDays: number;
  /** 1h, 4h and 1d candles older than this many days are deleted (the long window history reads). */
  readonly candleLongRetentionDays: number;
}

/** Candle retention per interval: short intervals for PRICE_CANDLE_RETENTION_DAYS, long ones for PRICE_CANDLE_LONG_RETENTION_DAYS (not shorter). */
export function readCandleRetention(e: EnvReader): CandleRetentionSettings {
  const candleRetentionDays = e.int('PRICE_CANDLE_RETENTION_DAYS', 30, 1, 3650);
  const candleLongRetentionDays = e.int('PRICE_CANDLE_LONG_RETENTION_DAYS', 730, 1, 3650);
  if (candleLongRetentionDays < candleRetentionDays) {
    e.fail('PRICE_CANDLE_LONG_RETENTION_DAYS', `must be at least PRICE_CANDLE_RETENTION_DAYS (${candleRetentionDays}): 1h/4h/1d candles are kept at least as long as 1m ones`);
  }
  return { candleRetentionDays, candleLongRetentionDays };
}

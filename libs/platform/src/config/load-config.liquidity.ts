import { LiquidityConfig, NodeEnv } from './app-config';
import { EnvReader } from './env-reader';

/**
 * The built-in bots. On by default so a fresh install has a live market; off
 * under NODE_ENV=test, where suites need a quiet book (they opt in). The
 * defaults trade rarely and in larger steps (a noise order every 20-60 s per
 * market, a maker level refilled only once half taken): every bot action is
 * a transaction with ledger postings and events, and an idle install's disk
 * grows with their count (docs/storage.md).
 */
export function readLiquidity(e: EnvReader, nodeEnv: NodeEnv): LiquidityConfig {
  const live = nodeEnv !== 'test';
  const noiseMinMs = e.int('NOISE_TRADER_MIN_MS', 20_000, 50, 3_600_000);
  const noiseMaxMs = e.int('NOISE_TRADER_MAX_MS', 60_000, 50, 3_600_000);
  if (noiseMaxMs < noiseMinMs) e.fail('NOISE_TRADER_MAX_MS', `must not be below NOISE_TRADER_MIN_MS (${noiseMinMs})`);
  return {
    marketMaker: e.bool('MARKET_MAKER', live),
    noiseTrader: e.bool('NOISE_TRADER', live),
    refreshMs: e.int('MARKET_MAKER_REFRESH_MS', 2000, 50, 600_000),
    levels: e.int('MARKET_MAKER_LEVELS', 5, 1, 40),
    stepBps: e.int('MARKET_MAKER_STEP_BPS', 25, 1, 1000),
    levelNotional: wholeAmount(e, 'MARKET_MAKER_LEVEL_NOTIONAL', '1000'),
    maxDailyLoss: wholeAmount(e, 'MARKET_MAKER_MAX_DAILY_LOSS', '5000'),
    maxPosition: wholeAmount(e, 'MARKET_MAKER_MAX_POSITION', '10000'),
    maxTopUpsPerDay: e.int('LIQUIDITY_MAX_TOP_UPS_PER_DAY', 4, 1, 100),
    noiseMinMs,
    noiseMaxMs,
  };
}

/** A whole amount of money as a bigint, never a JavaScript number: 1 to 10 digits. */
function wholeAmount(e: EnvReader, name: string, fallback: string): bigint {
  const raw = e.string(name) ?? fallback;
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) {
    e.fail(name, 'must be a whole number from 1 to 9999999999');
    return BigInt(fallback);
  }
  return BigInt(raw);
}

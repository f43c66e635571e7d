import { NodeEnv, RiskConfig } from './app-config';
import { EnvReader } from './env-reader';

const RATE_DIGITS = 8;

/**
 * The risk engine (docs/risk.md): funding, the mark price, liquidation. Rates
 * are decimal strings read into integers of 10^-8 (never a JavaScript number).
 */
export function readRisk(e: EnvReader, nodeEnv: NodeEnv): RiskConfig {
  return {
    fundingIntervalMs: duration(e, 'FUNDING_INTERVAL', 8 * 3_600_000, 1000, 7 * 86_400_000),
    fundingEnabled: e.bool('FUNDING_ENABLED', true),
    premiumSampleMs: e.int('FUNDING_SAMPLE_MS', 5000, 100, 3_600_000),
    impactNotional: BigInt(e.int('FUNDING_IMPACT_NOTIONAL', 1000, 1, 1_000_000_000)),
    interestRateE8: rateE8(e, 'FUNDING_INTEREST_RATE', '0.0001', -(10n ** 8n), 10n ** 8n),
    clampE8: rateE8(e, 'FUNDING_CLAMP', '0.0005', 0n, 10n ** 8n),
    capE8: rateE8(e, 'FUNDING_CAP', '0.0075', 0n, 10n ** 8n),
    markBasisWindowMs: e.int('MARK_BASIS_WINDOW_MS', 60_000, 1000, 86_400_000),
    markFormula: e.bool('MARK_PRICE_FORMULA', true),
    liquidationFeeE8: rateE8(e, 'LIQUIDATION_FEE_RATE', '0.005', 0n, 10n ** 7n),
    marginCallE8: rateE8(e, 'MARGIN_CALL_RATIO', '0.8', 1n, 10n ** 8n),
    // Off under NODE_ENV=test, where suites move prices at will (they opt in), as the liquidity bots.
    monitorEnabled: e.bool('RISK_MONITOR', nodeEnv !== 'test'),
    monitorIntervalMs: e.int('RISK_MONITOR_INTERVAL_MS', 1000, 20, 600_000),
    killSwitchIntervalMs: e.int('KILL_SWITCH_INTERVAL_MS', 1000, 50, 600_000),
    maxOrderNotional: BigInt(e.int('RISK_MAX_ORDER_NOTIONAL', 10_000_000, 1, 1_000_000_000_000)),
    // Off under NODE_ENV=test, as the margin monitor: every test app would check the shared test database's whole ledger at its start.
    reconcileEnabled: e.bool('RECONCILE', nodeEnv !== 'test'),
    reconcileIntervalMs: e.int('RECONCILE_INTERVAL_MS', 60_000, 100, 86_400_000),
    // Off by default: a halt stops every user of the market; an operator opts in (docs/operations.md).
    reconcileHaltOnMismatch: e.bool('RECONCILE_HALT_ON_MISMATCH', false),
  };
}

/** A duration: milliseconds, or a number with a unit (`500ms`, `30s`, `1m`, `8h`). */
function duration(e: EnvReader, name: string, fallback: number, min: number, max: number): number {
  const raw = e.string(name);
  if (raw === undefined) return fallback;
  const match = /^(\d{1,12})(ms|s|m|h)?$/.exec(raw.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 'ms']!;
  const value = match ? Number(match[1]) * unit : NaN;
  if (!(value >= min && value <= max)) {
    e.fail(name, `must be a duration from ${min} ms to ${max / 3_600_000} h, e.g. 8h, 1m, 30s (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** A decimal (at most 8 fraction digits) as an integer of 10^-8, within [min, max] (in 10^-8). */
function rateE8(e: EnvReader, name: string, fallback: string, min: bigint, max: bigint): bigint {
  const raw = e.string(name) ?? fallback;
  const match = /^(-?)(\d{1,18})(?:\.(\d{1,8}))?$/.exec(raw.trim());
  const value = match ? (match[1] === '-' ? -1n : 1n) * (BigInt(match[2]!) * 10n ** BigInt(RATE_DIGITS) + BigInt((match[3] ?? '').padEnd(RATE_DIGITS, '0'))) : null;
  if (value === null || value < min || value > max) {
    e.fail(name, `must be a decimal with at most ${RATE_DIGITS} fraction digits (got "${raw}")`);
    return parse(fallback);
  }
  return value;
}

function parse(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole!) * 10n ** BigInt(RATE_DIGITS) + BigInt(fraction.padEnd(RATE_DIGITS, '0'));
}

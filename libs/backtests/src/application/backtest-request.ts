import { formatUnits, parseUnits } from '@lib/kernel';
import { CANDLE_INTERVALS, CandleInterval, INTERVAL_MS, Instrument, MAX_HISTORY_CANDLES, RATE_SCALE } from '@lib/market';
import { MarketRules, PPM, SimulationSettings, Sizing, StrategySpec, invalidBacktest, parseStrategy } from '../domain';

/** What a client sends (POST /backtests), times already parsed. */
export interface BacktestInput {
  readonly symbol: string;
  readonly interval: string;
  readonly from: Date;
  readonly to: Date;
  readonly strategy: { readonly type: string; readonly params?: unknown };
  readonly initialCapital: string;
  readonly feeRate?: string;
  readonly slippageBps?: number;
  readonly positionSizing?: { readonly type: string; readonly fraction?: string };
}

/** A request as stored and answered: validated, defaults filled in (the fee rate is the market's taker fee at submission). */
export interface BacktestRequest {
  readonly symbol: string;
  readonly interval: CandleInterval;
  /** The first candle's open time (`from` aligned down to the interval), ISO 8601. */
  readonly from: string;
  /** The last candle's open time at most, ISO 8601. */
  readonly to: string;
  readonly strategy: StrategySpec;
  readonly initialCapital: string;
  readonly feeRate: string;
  readonly slippageBps: number;
  readonly positionSizing: { readonly type: 'ALL_IN' } | { readonly type: 'FRACTION'; readonly fraction: string };
}

/** The most capital a backtest starts with, in whole quote units. */
export const MAX_INITIAL_CAPITAL = 1_000_000_000_000n;
const MAX_FEE_PPM = 100_000n; // 10 %, as a market's
const MAX_SLIPPAGE_BPS = 1000;
/** The fewest candles a backtest reads (a signal needs a next open to fill at). */
const MIN_CANDLES = 2;

const trimmed = (text: string) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

function decimal(field: string, text: string, scale: number, what: string): bigint {
  try {
    return parseUnits(text, scale);
  } catch {
    throw invalidBacktest(field, 'NOT_A_DECIMAL', `${field} must be ${what} with at most ${scale} decimals`);
  }
}

export function normaliseRequest(input: BacktestInput, market: Instrument, now: Date): BacktestRequest {
  if (!CANDLE_INTERVALS.includes(input.interval as CandleInterval)) {
    throw invalidBacktest('interval', 'UNKNOWN_INTERVAL', `interval must be one of ${CANDLE_INTERVALS.join(', ')}`);
  }
  const interval = input.interval as CandleInterval;
  const size = INTERVAL_MS[interval];
  const from = Math.floor(input.from.getTime() / size) * size;
  const to = input.to.getTime();
  if (to > now.getTime()) throw invalidBacktest('to', 'IN_THE_FUTURE', 'to must not be in the future');
  const candles = to < from ? 0 : Math.floor((to - from) / size) + 1;
  if (candles < MIN_CANDLES) throw invalidBacktest('to', 'RANGE_TOO_SHORT', `from..to must hold at least ${MIN_CANDLES} candles of ${interval}`);
  if (candles > MAX_HISTORY_CANDLES) throw invalidBacktest('to', 'RANGE_TOO_LONG', `from..to holds ${candles} candles of ${interval}; at most ${MAX_HISTORY_CANDLES}`);

  const strategy = parseStrategy(input.strategy.type, input.strategy.params);
  const capital = decimal('initialCapital', input.initialCapital, market.quoteDecimals, `an amount of ${market.quote}`);
  if (capital <= 0n || capital > MAX_INITIAL_CAPITAL * 10n ** BigInt(market.quoteDecimals)) {
    throw invalidBacktest('initialCapital', 'OUT_OF_RANGE', `initialCapital must be above 0 and at most ${MAX_INITIAL_CAPITAL} ${market.quote}`);
  }
  const feePpm = input.feeRate === undefined ? market.takerFeePpm : decimal('feeRate', input.feeRate, RATE_SCALE, 'a fraction ("0.001" is 0.1 %)');
  if (feePpm > MAX_FEE_PPM) throw invalidBacktest('feeRate', 'OUT_OF_RANGE', 'feeRate must be at most 0.1 (10 %)');
  const slippageBps = input.slippageBps ?? 0;
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > MAX_SLIPPAGE_BPS) {
    throw invalidBacktest('slippageBps', 'OUT_OF_RANGE', `slippageBps must be a whole number from 0 to ${MAX_SLIPPAGE_BPS}`);
  }
  return {
    symbol: market.symbol,
    interval,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    strategy,
    initialCapital: formatUnits(capital, market.quoteDecimals),
    feeRate: trimmed(formatUnits(feePpm, RATE_SCALE)),
    slippageBps,
    positionSizing: sizingOf(input.positionSizing),
  };
}

function sizingOf(input: BacktestInput['positionSizing']): BacktestRequest['positionSizing'] {
  if (input === undefined || (input.type === 'ALL_IN' && input.fraction === undefined)) return { type: 'ALL_IN' };
  if (input.type !== 'FRACTION' || input.fraction === undefined) {
    throw invalidBacktest('positionSizing', 'INVALID_SIZING', 'positionSizing is {type: "ALL_IN"} or {type: "FRACTION", fraction: "0.5"}');
  }
  const ppm = decimal('positionSizing.fraction', input.fraction, RATE_SCALE, 'a fraction of the equity');
  if (ppm <= 0n || ppm > PPM) throw invalidBacktest('positionSizing.fraction', 'OUT_OF_RANGE', 'positionSizing.fraction must be above 0 and at most 1');
  return { type: 'FRACTION', fraction: trimmed(formatUnits(ppm, RATE_SCALE)) };
}

/** The market's integer rules as the simulator reads them. */
export function rulesOf(market: Instrument): MarketRules {
  return {
    kind: market.kind === 'PERPETUAL' ? 'PERPETUAL' : 'SPOT',
    priceScale: market.priceScale,
    quantityScale: market.quantityScale,
    quoteDecimals: market.quoteDecimals,
    tickSize: market.tickSize,
    stepSize: market.stepSize,
    minQuantity: market.minQuantity,
    minNotional: market.minNotional,
  };
}

export function settingsOf(request: BacktestRequest, market: Instrument): SimulationSettings {
  const sizing: Sizing = request.positionSizing.type === 'ALL_IN' ? { kind: 'ALL_IN' } : { kind: 'FRACTION', ppm: parseUnits(request.positionSizing.fraction, RATE_SCALE) };
  return {
    initialCapital: parseUnits(request.initialCapital, market.quoteDecimals),
    feePpm: parseUnits(request.feeRate, RATE_SCALE),
    slippageBps: BigInt(request.slippageBps),
    sizing,
    intervalMs: INTERVAL_MS[request.interval],
  };
}

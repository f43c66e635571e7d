import { AmountError, formatUnits, parsePositiveUnits, parseUnits } from '@lib/kernel';
import { Instrument, InstrumentKind, MarginTier, MarketStatus, RATE_ONE, RATE_SCALE, isMultipleOf } from './instrument';
import { MarketError, MarketErrorCode } from './market.error';

const SYMBOL = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;
const MAX_FEE_RATE = 100_000n; // 10 %
const MAX_PERP_LEVERAGE = 200;

/** Wire input of a new market: every amount, price and rate a decimal string. */
export interface MarketDefinition {
  readonly symbol: string;
  readonly name?: string;
  readonly kind: InstrumentKind;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly minQuantity: string;
  readonly minNotional: string;
  readonly makerFeeRate: string;
  readonly takerFeeRate: string;
  readonly maxLeverage: number;
  readonly priceBandRate: string;
  readonly maintenanceMarginTiers: readonly { readonly maxNotional: string | null; readonly rate: string }[];
  readonly initialPrice: string;
  readonly volatility: string;
  readonly status?: MarketStatus;
}

/** What an admin may change on a listed market. */
export interface MarketChanges {
  readonly status?: MarketStatus;
  readonly makerFeeRate?: string;
  readonly takerFeeRate?: string;
  readonly maxLeverage?: number;
  readonly priceBandRate?: string;
  readonly maintenanceMarginTiers?: readonly { readonly maxNotional: string | null; readonly rate: string }[];
}

export interface AssetDecimals {
  readonly base: number;
  readonly quote: number;
}

function invalid(field: string, reason: string, message: string): MarketError {
  return new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, `${field}: ${message}`, { field, reason });
}

/** Parses a decimal at `scale`; an AmountError becomes INVALID_MARKET_SPEC naming the field. */
function units(field: string, input: unknown, scale: number, positive: boolean): bigint {
  try {
    return positive ? parsePositiveUnits(input, scale) : parseUnits(input, scale);
  } catch (error) {
    if (error instanceof AmountError) throw invalid(field, error.reason, error.message);
    throw error;
  }
}

/** Fraction digits of a size as written: "0.10" is a tick of 10 at price scale 2 (prices show 2 decimals). */
function writtenScale(field: string, input: unknown, maxScale: number): number {
  units(field, input, maxScale, true);
  return ((input as string).split('.')[1] ?? '').length;
}

function rate(field: string, input: unknown, max: bigint, positive: boolean): bigint {
  const value = units(field, input, RATE_SCALE, positive);
  if (value > max) throw invalid(field, 'TOO_LARGE', `must be at most ${formatUnits(max, RATE_SCALE)}`);
  return value;
}

function leverage(kind: InstrumentKind, input: unknown): number {
  if (kind === InstrumentKind.SPOT) {
    if (input !== 1) throw invalid('maxLeverage', 'SPOT_LEVERAGE', 'must be 1 for a spot market');
    return 1;
  }
  if (typeof input !== 'number' || !Number.isInteger(input) || input < 1 || input > MAX_PERP_LEVERAGE) {
    throw invalid('maxLeverage', 'OUT_OF_RANGE', `must be an integer from 1 to ${MAX_PERP_LEVERAGE}`);
  }
  return input;
}

function tiers(kind: InstrumentKind, input: MarketDefinition['maintenanceMarginTiers'], quoteDecimals: number, maxLeverage: number): MarginTier[] {
  if (kind === InstrumentKind.SPOT) {
    if (input.length > 0) throw invalid('maintenanceMarginTiers', 'SPOT_TIERS', 'must be empty for a spot market');
    return [];
  }
  if (input.length === 0 || input.length > 20) throw invalid('maintenanceMarginTiers', 'COUNT', 'a perpetual needs 1 to 20 tiers');
  const result: MarginTier[] = [];
  input.forEach((tier, i) => {
    const field = `maintenanceMarginTiers[${i}]`;
    const last = i === input.length - 1;
    if (last !== (tier.maxNotional === null)) throw invalid(`${field}.maxNotional`, 'LAST_TIER', 'only the last tier has no maxNotional (null)');
    const maxNotional = tier.maxNotional === null ? null : units(`${field}.maxNotional`, tier.maxNotional, quoteDecimals, true);
    const previous = result[i - 1];
    if (maxNotional !== null && previous?.maxNotional != null && maxNotional <= previous.maxNotional) {
      throw invalid(`${field}.maxNotional`, 'NOT_ASCENDING', 'tiers must be in ascending maxNotional');
    }
    const tierRate = rate(`${field}.rate`, tier.rate, RATE_ONE - 1n, true);
    if (previous && tierRate < previous.rate) throw invalid(`${field}.rate`, 'NOT_ASCENDING', 'rates must not decrease with the notional');
    result.push({ maxNotional, rate: tierRate });
  });
  // The maintenance rate must stay below the initial margin rate (1 / maxLeverage) of the first tier.
  if (result[0]!.rate * BigInt(maxLeverage) >= RATE_ONE) {
    throw invalid('maintenanceMarginTiers[0].rate', 'ABOVE_INITIAL_MARGIN', 'must be below 1 / maxLeverage');
  }
  return result;
}

/**
 * Validates a market definition and turns it into integers. Nothing is
 * rounded: a value with more decimals than its scale allows is refused.
 */
export function defineInstrument(input: MarketDefinition, decimals: AssetDecimals, now: Date): Instrument {
  if (typeof input.symbol !== 'string' || !SYMBOL.test(input.symbol)) throw invalid('symbol', 'FORMAT', 'must look like BTC-USDT');
  if (!Object.values(InstrumentKind).includes(input.kind)) throw invalid('kind', 'UNKNOWN', 'must be SPOT or PERPETUAL');
  const [first, second] = input.symbol.split('-') as [string, string];
  if (first !== input.baseAsset) throw invalid('symbol', 'BASE_MISMATCH', `must start with the base asset ${input.baseAsset}`);
  if (input.kind === InstrumentKind.SPOT && second !== input.quoteAsset) throw invalid('symbol', 'QUOTE_MISMATCH', `must be ${input.baseAsset}-${input.quoteAsset}`);
  if (input.kind === InstrumentKind.PERPETUAL && second !== 'PERP') throw invalid('symbol', 'PERP_SUFFIX', `must be ${input.baseAsset}-PERP`);
  if (input.baseAsset === input.quoteAsset) throw invalid('quoteAsset', 'SAME_ASSET', 'must differ from the base asset');

  const priceScale = writtenScale('tickSize', input.tickSize, decimals.quote);
  const quantityScale = writtenScale('stepSize', input.stepSize, decimals.base);
  // price x quantity must be an exact number of the quote asset's smallest units: only fees ever round.
  if (priceScale + quantityScale > decimals.quote) {
    throw invalid('stepSize', 'NOTIONAL_NOT_EXACT', `tickSize and stepSize together may have at most ${decimals.quote} decimals (the quote asset's)`);
  }
  const tickSize = units('tickSize', input.tickSize, priceScale, true);
  const stepSize = units('stepSize', input.stepSize, quantityScale, true);
  const minQuantity = units('minQuantity', input.minQuantity, quantityScale, true);
  if (!isMultipleOf(minQuantity, stepSize)) throw invalid('minQuantity', 'NOT_A_STEP_MULTIPLE', 'must be a multiple of stepSize');
  const minNotional = units('minNotional', input.minNotional, decimals.quote, false);
  const initialPrice = units('initialPrice', input.initialPrice, priceScale, true);
  if (!isMultipleOf(initialPrice, tickSize)) throw invalid('initialPrice', 'NOT_A_TICK_MULTIPLE', 'must be a multiple of tickSize');
  const maxLeverage = leverage(input.kind, input.maxLeverage);
  const name = (input.name ?? input.symbol).trim();
  if (name.length === 0 || name.length > 64) throw invalid('name', 'LENGTH', 'must have 1 to 64 characters');
  const status = input.status ?? MarketStatus.TRADING;
  if (!Object.values(MarketStatus).includes(status)) throw invalid('status', 'UNKNOWN', 'must be TRADING, HALTED or CLOSE_ONLY');

  return {
    symbol: input.symbol,
    name,
    kind: input.kind,
    base: input.baseAsset,
    quote: input.quoteAsset,
    baseDecimals: decimals.base,
    quoteDecimals: decimals.quote,
    priceScale,
    quantityScale,
    tickSize,
    stepSize,
    minQuantity,
    minNotional,
    makerFeePpm: rate('makerFeeRate', input.makerFeeRate, MAX_FEE_RATE, false),
    takerFeePpm: rate('takerFeeRate', input.takerFeeRate, MAX_FEE_RATE, false),
    maxLeverage,
    priceBandPpm: rate('priceBandRate', input.priceBandRate, RATE_ONE / 2n, true),
    maintenanceMarginTiers: tiers(input.kind, input.maintenanceMarginTiers, decimals.quote, maxLeverage),
    status,
    initialPrice,
    volatility: rate('volatility', input.volatility, 10n * RATE_ONE, true),
    createdAt: now,
    updatedAt: now,
  };
}

/** Applies an admin's changes with the same rules as a definition. Returns the instrument unchanged when nothing differs. */
export function changeInstrument(current: Instrument, changes: MarketChanges, now: Date): Instrument {
  if (changes.status !== undefined && !Object.values(MarketStatus).includes(changes.status)) {
    throw invalid('status', 'UNKNOWN', 'must be TRADING, HALTED or CLOSE_ONLY');
  }
  const maxLeverage = changes.maxLeverage === undefined ? current.maxLeverage : leverage(current.kind, changes.maxLeverage);
  const marginTiers =
    changes.maintenanceMarginTiers === undefined
      ? current.maintenanceMarginTiers
      : tiers(current.kind, changes.maintenanceMarginTiers, current.quoteDecimals, maxLeverage);
  if (changes.maintenanceMarginTiers === undefined && marginTiers.length > 0 && marginTiers[0]!.rate * BigInt(maxLeverage) >= RATE_ONE) {
    throw invalid('maxLeverage', 'ABOVE_MAINTENANCE', 'is too high for the maintenance rate of the first tier');
  }
  const next: Instrument = {
    ...current,
    status: changes.status ?? current.status,
    makerFeePpm: changes.makerFeeRate === undefined ? current.makerFeePpm : rate('makerFeeRate', changes.makerFeeRate, MAX_FEE_RATE, false),
    takerFeePpm: changes.takerFeeRate === undefined ? current.takerFeePpm : rate('takerFeeRate', changes.takerFeeRate, MAX_FEE_RATE, false),
    maxLeverage,
    priceBandPpm: changes.priceBandRate === undefined ? current.priceBandPpm : rate('priceBandRate', changes.priceBandRate, RATE_ONE / 2n, true),
    maintenanceMarginTiers: marginTiers,
  };
  return sameTerms(current, next) ? current : { ...next, updatedAt: now };
}

function sameTerms(a: Instrument, b: Instrument): boolean {
  return (
    a.status === b.status &&
    a.makerFeePpm === b.makerFeePpm &&
    a.takerFeePpm === b.takerFeePpm &&
    a.maxLeverage === b.maxLeverage &&
    a.priceBandPpm === b.priceBandPpm &&
    a.maintenanceMarginTiers.length === b.maintenanceMarginTiers.length &&
    a.maintenanceMarginTiers.every((t, i) => t.maxNotional === b.maintenanceMarginTiers[i]!.maxNotional && t.rate === b.maintenanceMarginTiers[i]!.rate)
  );
}

import { InstrumentSpec } from '@lib/kernel';

export enum InstrumentKind {
  SPOT = 'SPOT',
  PERPETUAL = 'PERPETUAL',
}

export enum MarketStatus {
  TRADING = 'TRADING',
  HALTED = 'HALTED',
  /** Only orders that reduce a position (perps) or cancels are accepted. */
  CLOSE_ONLY = 'CLOSE_ONLY',
}

/** Rates (fees, price band, maintenance margin, volatility) are integers of 10^-6 (ppm): "0.001" = 1000n. */
export const RATE_SCALE = 6;
export const RATE_ONE = 1_000_000n;

/** Maintenance-margin rate for a position notional up to `maxNotional` (quote units; null = no upper bound). */
export interface MarginTier {
  readonly maxNotional: bigint | null;
  readonly rate: bigint;
}

/**
 * A listed market: the kernel's InstrumentSpec (the integer rules every context uses: asset codes
 * and decimals, price and quantity scales, tick, step, minimums, fee and band rates in ppm) plus
 * the terms only the market context and the risk rules need. Its kind and status are this
 * context's enums, whose values are the spec's strings.
 */
export interface Instrument extends InstrumentSpec {
  readonly kind: InstrumentKind;
  readonly status: MarketStatus;
  readonly name: string;
  /** 1 for spot. Leverage is a count, not money. */
  readonly maxLeverage: number;
  /** Ascending by maxNotional; the last has maxNotional null. Empty for spot. */
  readonly maintenanceMarginTiers: readonly MarginTier[];
  /** Where the simulated feed starts (price units). */
  readonly initialPrice: bigint;
  /** Annualised volatility of the simulated feed (ppm: 0.8 = 800000n). */
  readonly volatility: bigint;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The latest index and mark price of a market. Spot: mark = index; a perpetual: docs/risk.md, "Mark price". */
export interface MarkPrice {
  readonly symbol: string;
  readonly priceScale: number;
  readonly index: bigint;
  readonly mark: bigint;
  /** The feed's tick number for this market (1, 2, ...). */
  readonly seq: number;
  readonly at: Date;
  /** Perpetuals, on the feed leader: the funding the mark was computed with (not stored). */
  readonly funding?: PerpFunding;
}

/** A perpetual's funding as the risk context reports it (docs/risk.md). */
export interface PerpFunding {
  /** The predicted rate of the running interval, paid at `nextFundingTime` (a decimal fraction, 8 decimals: "0.00010000"). */
  readonly rate: string;
  readonly nextFundingTime: Date;
}

export function isMultipleOf(value: bigint, step: bigint): boolean {
  return step > 0n && value % step === 0n;
}

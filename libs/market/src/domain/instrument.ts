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
 * A market, in integers the matching engine can use directly:
 * - a price is an integer of 10^-priceScale quote units and a multiple of `tickSize`;
 * - a quantity is an integer of 10^-quantityScale base units and a multiple of `stepSize`;
 * - priceScale <= quoteDecimals and quantityScale <= baseDecimals, so both convert
 *   exactly to the wallet's smallest units: quote units = price x 10^(quoteDecimals - priceScale);
 *   a notional price x qty is exact at scale priceScale + quantityScale.
 */
export interface Instrument {
  readonly symbol: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly tickSize: bigint;
  readonly stepSize: bigint;
  readonly minQuantity: bigint;
  /** In quote-asset smallest units (10^-quoteDecimals). */
  readonly minNotional: bigint;
  readonly makerFeeRate: bigint;
  readonly takerFeeRate: bigint;
  /** 1 for spot. Leverage is a count, not money. */
  readonly maxLeverage: number;
  /** How far (rate of the mark price) a limit price may be from the mark price. */
  readonly priceBandRate: bigint;
  /** Ascending by maxNotional; the last has maxNotional null. Empty for spot. */
  readonly maintenanceMarginTiers: readonly MarginTier[];
  readonly status: MarketStatus;
  /** Where the simulated feed starts (price units). */
  readonly initialPrice: bigint;
  /** Annualised volatility of the simulated feed (ppm: 0.8 = 800000n). */
  readonly volatility: bigint;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The latest index and mark price of a market. Mark = index for now (no basis, no funding premium). */
export interface MarkPrice {
  readonly symbol: string;
  readonly priceScale: number;
  readonly index: bigint;
  readonly mark: bigint;
  /** The feed's tick number for this market (1, 2, ...). */
  readonly seq: number;
  readonly at: Date;
}

export function isMultipleOf(value: bigint, step: bigint): boolean {
  return step > 0n && value % step === 0n;
}

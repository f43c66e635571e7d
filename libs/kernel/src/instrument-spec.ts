/** The kinds of instrument, as the strings the market context's `InstrumentKind` enum holds. */
export type InstrumentKindName = 'SPOT' | 'PERPETUAL';

/** A market's trading status, as the strings the market context's `MarketStatus` enum holds. */
export type MarketStatusName = 'TRADING' | 'HALTED' | 'CLOSE_ONLY';

/**
 * The integer rules of one instrument: the one shape of them every context uses. The market
 * context lists instruments (its `Instrument` is this plus the listing's other terms), orders
 * checks, holds and settles against it (`MarketSpec`), and the liquidity bots quote with it.
 *
 * - a price is an integer of 10^-priceScale quote units and a multiple of `tickSize`;
 * - a quantity is an integer of 10^-quantityScale base units and a multiple of `stepSize`;
 * - priceScale + quantityScale <= quoteDecimals and quantityScale <= baseDecimals, so every
 *   notional and every base amount is an exact integer of the assets' smallest units: only fees
 *   ever round.
 *
 * Kind and status are plain strings so that the kernel depends on no context; the market context
 * narrows them to its enums, whose values they are.
 */
export interface InstrumentSpec {
  readonly symbol: string;
  readonly kind: InstrumentKindName;
  readonly status: MarketStatusName;
  /** The base asset's code (BTC in BTC-USDT). */
  readonly base: string;
  /** The quote asset's code (USDT in BTC-USDT): prices, notionals and fees are in it. */
  readonly quote: string;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  /** Price increment, in price units. */
  readonly tickSize: bigint;
  /** Quantity increment, in quantity units. */
  readonly stepSize: bigint;
  /** In quantity units, a multiple of stepSize. */
  readonly minQuantity: bigint;
  /** In quote smallest units (10^-quoteDecimals). */
  readonly minNotional: bigint;
  /** Fee rates in parts per million of the notional ("0.001" = 1000n). */
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
  /** How far (ppm of the mark price) a limit price may be from the mark, and the reach of a market order. */
  readonly priceBandPpm: bigint;
  /** Perpetuals only: the highest leverage a user may choose (a count, not money). */
  readonly maxLeverage?: number;
  /** Perpetuals only: maintenance-margin rates by position notional, ascending; the last has no end. */
  readonly maintenanceMarginTiers?: readonly MaintenanceTier[];
}

/** Maintenance-margin rate (ppm) for a position notional up to `maxNotional` (quote smallest units; null: no end). */
export interface MaintenanceTier {
  readonly maxNotional: bigint | null;
  readonly rate: bigint;
}

/** Just the rules of a larger record (a market's listing), so a context keeps nothing else of it. */
export function instrumentSpecOf(source: InstrumentSpec): InstrumentSpec {
  return {
    symbol: source.symbol,
    kind: source.kind,
    status: source.status,
    base: source.base,
    quote: source.quote,
    baseDecimals: source.baseDecimals,
    quoteDecimals: source.quoteDecimals,
    priceScale: source.priceScale,
    quantityScale: source.quantityScale,
    tickSize: source.tickSize,
    stepSize: source.stepSize,
    minQuantity: source.minQuantity,
    minNotional: source.minNotional,
    makerFeePpm: source.makerFeePpm,
    takerFeePpm: source.takerFeePpm,
    priceBandPpm: source.priceBandPpm,
    ...(source.kind === 'PERPETUAL' ? { maxLeverage: source.maxLeverage, maintenanceMarginTiers: source.maintenanceMarginTiers } : {}),
  };
}

/** The scales a notional needs. */
export type InstrumentScales = Pick<InstrumentSpec, 'quoteDecimals' | 'priceScale' | 'quantityScale'>;

/** price x quantity in quote smallest units: exact by the instrument's scale rule (refused when a spec breaks it). */
export function notionalOf(spec: InstrumentScales, price: bigint, quantity: bigint): bigint {
  const shift = spec.quoteDecimals - spec.priceScale - spec.quantityScale;
  if (shift < 0) throw new RangeError('priceScale + quantityScale exceed the quote decimals');
  return price * quantity * 10n ** BigInt(shift);
}

/** A quantity in base smallest units. */
export function baseUnitsOf(spec: Pick<InstrumentSpec, 'baseDecimals' | 'quantityScale'>, quantity: bigint): bigint {
  return quantity * 10n ** BigInt(spec.baseDecimals - spec.quantityScale);
}

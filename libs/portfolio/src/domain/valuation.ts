import { formatUnits, mulDivDown, mulDivUp } from '@lib/kernel';

/** Everything is valued in USDT; USD is taken 1:1 with USDT (no FX feed exists). */
export const VALUATION_CURRENCY = 'USDT';
/** Valuation amounts are integers of 10^-6 USDT (USDT's own decimals). */
export const VALUATION_DECIMALS = 6;
/** Assets worth exactly one valuation unit each: cash, never marked, no PnL. */
export const CASH_ASSETS: readonly string[] = ['USDT', 'USD'];
/** Markets an asset is priced through, in order of preference. */
export const PRICING_QUOTES: readonly string[] = ['USDT', 'USD'];

const SCALE = 10n ** BigInt(VALUATION_DECIMALS);

/** A price in valuation currency per whole unit of an asset: `units / 10^scale`. */
export interface UnitPrice {
  readonly units: bigint;
  readonly scale: number;
}

export const CASH_PRICE: UnitPrice = { units: 1n, scale: 0 };

export function isCash(asset: string): boolean {
  return CASH_ASSETS.includes(asset);
}

/** Value of `quantity` smallest units (asset with `decimals`) at `price`, in valuation units, rounded down. */
export function valueDown(quantity: bigint, decimals: number, price: UnitPrice): bigint {
  return mulDivDown(quantity, price.units * SCALE, 10n ** BigInt(decimals + price.scale));
}

/** As valueDown, rounded up: for what is paid (a cost is never understated). */
export function valueUp(quantity: bigint, decimals: number, price: UnitPrice): bigint {
  return mulDivUp(quantity, price.units * SCALE, 10n ** BigInt(decimals + price.scale));
}

/** Average cost per whole unit, in valuation units, rounded down; null when nothing is held. */
export function averageCost(cost: bigint, quantity: bigint, decimals: number): bigint | null {
  if (quantity <= 0n) return null;
  return mulDivDown(cost, 10n ** BigInt(decimals), quantity);
}

/** pnl / cost in percent with 2 decimals, truncated toward zero; null without a cost. */
export function pnlPercent(pnl: bigint, cost: bigint): string | null {
  if (cost <= 0n) return null;
  return formatUnits((pnl * 10_000n) / cost, 2);
}

export function formatValuation(units: bigint): string {
  return formatUnits(units, VALUATION_DECIMALS);
}

import type { NewIntegrationEvent } from '@lib/platform';
import { Holding, PerpTerms, marginsOf } from '@lib/positions';
import { RATE_E8 } from '../../domain';

/*
 * A margin call (docs/risk.md, "Margin calls"): the mark reached the price at
 * which maintenance / margin balance = MARGIN_CALL_RATIO. Sent once per
 * crossing on /user as `marginCall`; sent again only after the position
 * left the zone and came back.
 */
export const MARGIN_CALL = 'risk.MarginCall';

export type MarginCallV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  readonly marginMode: string;
  /** Signed size (quantity units). */
  readonly size: string;
  /** The mark that reached the warning price, and that price (price units). */
  readonly markPrice: string;
  readonly warningPrice: string;
  /** The ratio it warns at (RATE_E8, e.g. 80000000 = 80 %). */
  readonly ratioE8: string;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly at: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [MARGIN_CALL]: MarginCallV1;
  }
}

/**
 * The position's terms with every maintenance rate divided by the ratio
 * (rounded up): its "liquidation price" under these terms is the price at
 * which maintenance / margin balance reaches the ratio.
 */
export function warningTerms(terms: PerpTerms, ratioE8: bigint): PerpTerms {
  return { ...terms, tiers: terms.tiers.map((t) => ({ ...t, rate: (t.rate * RATE_E8 + ratioE8 - 1n) / ratioE8 })) };
}

export function marginCallEvent(h: Holding, mark: bigint, warningPrice: bigint, ratioE8: bigint, at: Date): NewIntegrationEvent<typeof MARGIN_CALL> {
  return {
    type: MARGIN_CALL,
    payload: {
      version: 1,
      userId: h.record.userId,
      symbol: h.record.symbol,
      asset: h.record.asset,
      marginMode: h.record.marginMode,
      size: h.record.position.size.toString(),
      markPrice: mark.toString(),
      warningPrice: warningPrice.toString(),
      ratioE8: ratioE8.toString(),
      priceScale: h.terms.priceScale,
      quantityScale: h.terms.quantityScale,
      at: at.toISOString(),
    },
  };
}

/**
 * Whether the position's maintenance margin is at least `ratioE8` of what
 * backs it at its mark: `collateral` (isolated: its margin; cross: the
 * account's cash and other positions, collateralOf) plus its unrealized PnL.
 */
export function atWarning(h: Holding, collateral: bigint, ratioE8: bigint): boolean {
  const m = marginsOf(h);
  const balance = collateral + m.unrealizedPnl;
  return balance <= 0n || m.maintenance * RATE_E8 >= ratioE8 * balance;
}

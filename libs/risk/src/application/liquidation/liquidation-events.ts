import type { NewIntegrationEvent } from '@lib/platform';
import type { MarketSpec } from '@lib/orders';
import type { PositionRecord } from '@lib/positions';

/*
 * The risk context's integration event for one liquidation step (docs/events.md):
 * what closed, at what average price, the liquidation fee and the insurance
 * fund's cover. Integers as strings with their scales, as positions.PositionChanged.
 * The /user `liquidation` event shows it to its owner; the public /market
 * `liquidations` channel shows the market's part (no user).
 */
export const POSITION_LIQUIDATED = 'risk.PositionLiquidated';
export const RISK_EVENT_VERSION = 1;

export type PositionLiquidatedV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  /** The side of the position (LONG sells to close, SHORT buys). */
  readonly side: 'LONG' | 'SHORT';
  readonly marginMode: string;
  /** The liquidation order (IOC, reduce-only, the user's). */
  readonly orderId: string;
  /** Closed by this step (quantity units) and its average price (price units, rounded down). */
  readonly quantity: string;
  readonly averagePrice: string;
  readonly markPrice: string;
  readonly bankruptcyPrice: string;
  readonly liquidationFee: string;
  readonly insuranceCover: string;
  /** Signed size left (0: closed). */
  readonly sizeAfter: string;
  /** Auto-deleveraged at the bankruptcy price against opposing positions (quantity units), beside `quantity` (the book's part). */
  readonly adlQuantity: string;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly quoteScale: number;
  readonly at: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [POSITION_LIQUIDATED]: PositionLiquidatedV1;
  }
}

export interface LiquidationFacts {
  readonly userId: string;
  readonly record: PositionRecord;
  readonly side: 'LONG' | 'SHORT';
  readonly mark: bigint;
  readonly bankruptcy: bigint;
  readonly limit: bigint;
  readonly trades: readonly { readonly price: bigint; readonly quantity: bigint; readonly quote: bigint }[];
  readonly liquidationFee: bigint;
  readonly insuranceCover: bigint;
  readonly sizeAfter: bigint;
  readonly adlQuantity: bigint;
  readonly orderId: string;
  readonly at: Date;
}

export function positionLiquidatedEvent(spec: MarketSpec, f: LiquidationFacts): NewIntegrationEvent<typeof POSITION_LIQUIDATED> {
  const quantity = f.trades.reduce((sum, t) => sum + t.quantity, 0n);
  const value = f.trades.reduce((sum, t) => sum + t.price * t.quantity, 0n);
  return {
    type: POSITION_LIQUIDATED,
    payload: {
      version: RISK_EVENT_VERSION,
      userId: f.userId,
      symbol: spec.symbol,
      asset: spec.quote,
      side: f.side,
      marginMode: f.record.marginMode,
      orderId: f.orderId,
      quantity: quantity.toString(),
      averagePrice: (quantity === 0n ? 0n : value / quantity).toString(),
      markPrice: f.mark.toString(),
      bankruptcyPrice: f.bankruptcy.toString(),
      liquidationFee: f.liquidationFee.toString(),
      insuranceCover: f.insuranceCover.toString(),
      sizeAfter: f.sizeAfter.toString(),
      adlQuantity: f.adlQuantity.toString(),
      priceScale: spec.priceScale,
      quantityScale: spec.quantityScale,
      quoteScale: spec.quoteDecimals,
      at: f.at.toISOString(),
    },
  };
}

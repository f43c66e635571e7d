import type { NewIntegrationEvent } from '@lib/platform';
import type { ClosedPosition, PositionRecord } from '../domain';

/*
 * The positions context's integration event (docs/events.md): the state of a
 * user's row on a perpetual market after every change (a fill, a leverage or
 * margin-mode change, a margin move). Integers as strings with their scales,
 * as the orders events of version 2: quantities at `quantityScale`, quote
 * amounts at `quoteScale`. The REST and socket views derive from it.
 */
export const POSITION_CHANGED = 'positions.PositionChanged';
export const POSITIONS_EVENT_VERSION = 1;

export type PositionChangedV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  /** Signed: > 0 long, < 0 short, 0 flat. */
  readonly size: string;
  readonly entryValue: string;
  /** Realized since the position opened (of the position that closed, on the event that closes it). */
  readonly realizedPnl: string;
  readonly fees: string;
  readonly leverage: number;
  readonly marginMode: string;
  readonly isolatedMargin: string;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly quoteScale: number;
  readonly openedAt: string | null;
  readonly updatedAt: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [POSITION_CHANGED]: PositionChangedV1;
  }
}

export interface PositionScales {
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly quoteDecimals: number;
}

/** `closed`: the life this change ended, when it left the row flat: its realized PnL and fees are the event's. */
export function positionChangedEvent(scales: PositionScales, record: PositionRecord, closed?: ClosedPosition): NewIntegrationEvent<typeof POSITION_CHANGED> {
  const ended = closed !== undefined && record.position.size === 0n ? closed : undefined;
  return {
    type: POSITION_CHANGED,
    payload: {
      version: POSITIONS_EVENT_VERSION,
      userId: record.userId,
      symbol: record.symbol,
      asset: record.asset,
      size: record.position.size.toString(),
      entryValue: record.position.entryValue.toString(),
      realizedPnl: (ended?.realizedPnl ?? record.position.realizedPnl).toString(),
      fees: (ended?.fees ?? record.fees).toString(),
      leverage: record.leverage,
      marginMode: record.marginMode,
      isolatedMargin: record.isolatedMargin.toString(),
      priceScale: scales.priceScale,
      quantityScale: scales.quantityScale,
      quoteScale: scales.quoteDecimals,
      openedAt: record.openedAt?.toISOString() ?? null,
      updatedAt: record.updatedAt.toISOString(),
    },
  };
}

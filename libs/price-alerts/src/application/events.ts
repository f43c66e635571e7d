import type { NewIntegrationEvent } from '@lib/platform';
import { AlertCondition, AlertFeed, AlertSource } from '../domain';
import type { StoredAlert } from './ports';

/*
 * The price alerts context's integration events (docs/events.md). Integers
 * as strings at `scale` (the market's price scale, or 2 for a 24 h change in
 * percent).
 */
export const PRICE_ALERT_FIRED = 'alerts.PriceAlertFired';
/** System event (no userId): an alert was created or ended; every instance's evaluator brings its index up to date. */
export const PRICE_ALERT_CHANGED = 'alerts.PriceAlertChanged';

/** An alert fired: written with its step, only when its owner's settings.notifications.priceAlerts is on. */
export type PriceAlertFiredV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly alertId: string;
  readonly symbol: string;
  readonly condition: AlertCondition;
  readonly source: AlertSource;
  readonly feed: AlertFeed;
  readonly target: string;
  /** The value that fired it. */
  readonly price: string;
  readonly scale: number;
  readonly recurring: boolean;
  /** The step it fired at (alert id + generation: one crossing). */
  readonly generation: number;
  readonly firedAt: string;
};

export type PriceAlertChangedV1 = {
  readonly version: 1;
  readonly alertId: string;
  readonly status: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [PRICE_ALERT_FIRED]: PriceAlertFiredV1;
    [PRICE_ALERT_CHANGED]: PriceAlertChangedV1;
  }
}

export function priceAlertFiredEvent(a: StoredAlert, feed: AlertFeed, price: bigint, at: Date): NewIntegrationEvent<typeof PRICE_ALERT_FIRED> {
  return {
    type: PRICE_ALERT_FIRED,
    payload: {
      version: 1,
      userId: a.userId,
      alertId: a.id,
      symbol: a.symbol,
      condition: a.condition,
      source: a.source,
      feed,
      target: a.target.toString(),
      price: price.toString(),
      scale: a.scale,
      recurring: a.recurring,
      generation: a.generation,
      firedAt: at.toISOString(),
    },
  };
}

export function priceAlertChangedEvent(alertId: string, status: string): NewIntegrationEvent<typeof PRICE_ALERT_CHANGED> {
  return { type: PRICE_ALERT_CHANGED, payload: { version: 1, alertId, status } };
}

import type { NewIntegrationEvent } from '@lib/platform';
import type { SignalDirection } from '../domain';
import type { SignalFiringRecord, SignalRuleRecord } from './ports';

/** A signal rule fired on a closed candle (docs/analytics.md "Signals"); delivered on /user as `signal`. */
export const SIGNAL_FIRED = 'signals.SignalFired';

export type SignalFiredV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly signalId: string;
  readonly firingId: string;
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  readonly conditions: readonly { left: string; op: string; right: string }[];
  readonly direction: SignalDirection;
  /** The closed candle's open time (ISO 8601) and close (integer units at `priceScale`). */
  readonly openTime: string;
  readonly close: string;
  readonly priceScale: number;
  readonly firedAt: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [SIGNAL_FIRED]: SignalFiredV1;
  }
}

export function signalFiredEvent(rule: SignalRuleRecord, f: SignalFiringRecord): NewIntegrationEvent<typeof SIGNAL_FIRED> {
  return {
    type: SIGNAL_FIRED,
    payload: {
      version: 1,
      userId: rule.userId,
      signalId: rule.id,
      firingId: f.id,
      name: rule.name,
      symbol: rule.symbol,
      interval: rule.interval,
      conditions: rule.conditions.map((c) => ({ left: c.left, op: c.op, right: c.right })),
      direction: rule.direction,
      openTime: f.openTime.toISOString(),
      close: f.close.toString(),
      priceScale: f.priceScale,
      firedAt: f.firedAt.toISOString(),
    },
  };
}

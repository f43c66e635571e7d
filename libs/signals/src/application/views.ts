import { formatUnits } from '@lib/kernel';
import type { SignalDirection, SignalStats } from '../domain';
import type { SignalFiringRecord, SignalRuleRecord } from './ports';

export interface SignalRuleView {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  readonly conditions: readonly { left: string; op: string; right: string }[];
  readonly direction: SignalDirection;
  readonly horizon: number;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SignalFiringView {
  readonly id: string;
  readonly signalId: string;
  readonly symbol: string;
  readonly interval: string;
  readonly openTime: string;
  readonly close: string;
  readonly firedAt: string;
}

export interface SignalFiringPage {
  readonly items: readonly SignalFiringView[];
  readonly nextCursor: string | null;
}

export interface SignalStatsView extends SignalStats {
  readonly signalId: string;
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  readonly direction: SignalDirection;
  readonly horizon: number;
}

export function ruleView(r: SignalRuleRecord): SignalRuleView {
  return {
    id: r.id,
    name: r.name,
    symbol: r.symbol,
    interval: r.interval,
    conditions: r.conditions.map((c) => ({ left: c.left, op: c.op, right: c.right })),
    direction: r.direction,
    horizon: r.horizon,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function firingView(f: SignalFiringRecord): SignalFiringView {
  return {
    id: f.id,
    signalId: f.ruleId,
    symbol: f.symbol,
    interval: f.interval,
    openTime: f.openTime.toISOString(),
    close: formatUnits(f.close, f.priceScale),
    firedAt: f.firedAt.toISOString(),
  };
}

import { formatUnits } from '@lib/kernel';
import { isChangeCondition } from '../domain';
import type { HistoryEntry, StoredAlert } from './ports';

/** An alert on the wire: decimal strings. */
export interface AlertView {
  readonly id: string;
  readonly symbol: string;
  readonly condition: string;
  readonly source: string;
  /** ABOVE/BELOW/CROSSES: the target price; null for CHANGE_24H_*. */
  readonly price: string | null;
  /** CHANGE_24H_*: the target 24 h change in percent; null otherwise. */
  readonly percent: string | null;
  readonly recurring: boolean;
  readonly status: string;
  readonly expiresAt: string | null;
  readonly createdAt: string;
}

export interface AlertHistoryEntryView {
  readonly id: string;
  /** FIRED (every firing of a recurring alert), EXPIRED or CANCELLED. */
  readonly kind: string;
  /** FIRED: the price (or 24 h change in percent) that fired it. */
  readonly value: string | null;
  /** FIRED: false when it was not pushed on /user (settings.notifications.priceAlerts off). */
  readonly pushed: boolean;
  readonly at: string;
  readonly alert: AlertView;
}

export interface AlertHistoryPage {
  readonly items: readonly AlertHistoryEntryView[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  readonly nextCursor: string | null;
}

export function alertViewOf(a: StoredAlert): AlertView {
  const target = formatUnits(a.target, a.scale);
  const change = isChangeCondition(a.condition);
  return {
    id: a.id,
    symbol: a.symbol,
    condition: a.condition,
    source: a.source,
    price: change ? null : target,
    percent: change ? target : null,
    recurring: a.recurring,
    status: a.status,
    expiresAt: a.expiresAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

export function historyViewOf(e: HistoryEntry): AlertHistoryEntryView {
  return {
    id: e.id.toString(),
    kind: e.kind,
    value: e.price === null ? null : formatUnits(e.price, e.alert.scale),
    pushed: e.pushed,
    at: e.at.toISOString(),
    alert: alertViewOf(e.alert),
  };
}

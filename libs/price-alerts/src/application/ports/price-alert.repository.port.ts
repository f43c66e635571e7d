import { AlertStatus, WatchedAlert } from '../../domain';

/** An alert as stored. */
export interface StoredAlert extends WatchedAlert {
  readonly userId: string;
  /** Of `target`: the market's price scale, or 2 for a percent. */
  readonly scale: number;
  readonly status: AlertStatus;
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type HistoryKind = 'FIRED' | 'EXPIRED' | 'CANCELLED';

/** One line of a user's history, with its alert. */
export interface HistoryEntry {
  readonly id: bigint;
  readonly kind: HistoryKind;
  /** The value that fired it (FIRED only), at the alert's scale. */
  readonly price: bigint | null;
  readonly pushed: boolean;
  readonly at: Date;
  readonly alert: StoredAlert;
}

/** price_alerts.alerts and price_alerts.history, in the ambient transaction when there is one. */
export abstract class PriceAlertRepository {
  /** Serializes a user's creations (a transaction-scoped lock), so the active count holds. */
  abstract lockUser(userId: string): Promise<void>;
  abstract countActive(userId: string): Promise<number>;
  abstract insert(alert: StoredAlert): Promise<void>;
  abstract ofUser(userId: string, id: string): Promise<StoredAlert | null>;
  abstract byId(id: string): Promise<StoredAlert | null>;
  abstract activeOfUser(userId: string): Promise<StoredAlert[]>;
  abstract allActive(): Promise<StoredAlert[]>;
  /** The conditional step: true when the alert was still ACTIVE at `fromGeneration` (and is now stepped). */
  abstract step(id: string, fromGeneration: number, rises: boolean, status: AlertStatus, at: Date): Promise<boolean>;
  /** ACTIVE -> CANCELLED for its owner: false when it is not (or no longer) active. */
  abstract cancel(userId: string, id: string, at: Date): Promise<boolean>;
  /** ACTIVE alerts past their expiresAt, set EXPIRED (at most `limit`). */
  abstract expireDue(now: Date, limit: number): Promise<StoredAlert[]>;
  abstract addHistory(entry: { alertId: string; userId: string; kind: HistoryKind; price: bigint | null; pushed: boolean; at: Date }): Promise<void>;
  /** Newest first, below the cursor id. */
  abstract history(userId: string, before: bigint | null, limit: number): Promise<HistoryEntry[]>;
}

import { MarketAuditEntryView } from '../views';

export interface NewAuditEntry {
  /** The admin; null for the platform itself (the reconciliation halting a market). */
  readonly adminId: string | null;
  readonly action: MarketAuditEntryView['action'];
  readonly symbol: string;
  readonly before: MarketAuditEntryView['before'];
  readonly after: MarketAuditEntryView['after'];
  readonly details?: MarketAuditEntryView['details'];
  /** Why, when the change says (the platform's own changes always do). */
  readonly reason?: string | null;
  readonly at: Date;
}

/** Every admin change of the catalog, written in the change's transaction. */
export abstract class MarketAudit {
  abstract record(entry: NewAuditEntry): Promise<void>;
  abstract list(symbol: string | undefined, limit: number): Promise<MarketAuditEntryView[]>;
}

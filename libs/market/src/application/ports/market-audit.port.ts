import { MarketAuditEntryView } from '../views';

export interface NewAuditEntry {
  readonly adminId: string;
  readonly action: MarketAuditEntryView['action'];
  readonly symbol: string;
  readonly before: MarketAuditEntryView['before'];
  readonly after: MarketAuditEntryView['after'];
  readonly details?: MarketAuditEntryView['details'];
  readonly at: Date;
}

/** Every admin change of the catalog, written in the change's transaction. */
export abstract class MarketAudit {
  abstract record(entry: NewAuditEntry): Promise<void>;
  abstract list(symbol: string | undefined, limit: number): Promise<MarketAuditEntryView[]>;
}

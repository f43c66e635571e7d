import { Instrument } from '../../domain';

/** Reads of the catalog (cached; a change is visible everywhere within about a second). */
export abstract class InstrumentCatalog {
  /** Throws MarketError(MARKET_NOT_FOUND). Symbols are case-insensitive. */
  abstract get(symbol: string): Promise<Instrument>;
  abstract all(): Promise<readonly Instrument[]>;
  /** Drops the cache (after a change in this process). */
  abstract invalidate(): void;
}

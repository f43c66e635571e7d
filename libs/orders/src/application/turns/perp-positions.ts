import { Holding, PerpTerms, PositionRecord, availableMargin, flatRecord } from '@lib/positions';
import { MarketSpec } from '../../domain';

/** A perpetual market's terms for the margin arithmetic. */
export function termsOf(spec: MarketSpec): PerpTerms {
  return {
    symbol: spec.symbol,
    quoteDecimals: spec.quoteDecimals,
    priceScale: spec.priceScale,
    quantityScale: spec.quantityScale,
    tickSize: spec.tickSize,
    maxLeverage: spec.maxLeverage ?? 1,
    tiers: spec.maintenanceMarginTiers ?? [],
  };
}

/** The perpetual markets and their mark prices, as read for a batch. */
export interface PerpMarkets {
  readonly specs: ReadonlyMap<string, MarketSpec>;
  readonly marks: ReadonlyMap<string, bigint>;
}

/**
 * The positions of the users a batch declared (every perpetual market), as
 * the batch's decisions left them so far, and the margin they leave. A
 * record keeps the version it was read with (the write checks it).
 */
export class PerpPositions {
  private readonly records = new Map<string, PositionRecord>();
  private readonly byUser = new Map<string, Set<string>>();

  constructor(
    read: ReadonlyMap<string, readonly PositionRecord[]>,
    private readonly markets: PerpMarkets,
    /** The users whose positions were read (asking for another's is a bug of the command's needs). */
    private readonly declared: ReadonlySet<string>,
  ) {
    for (const rows of read.values()) for (const row of rows) this.put(row);
  }

  /** The user's row on the market, or a flat one with the default settings. */
  of(userId: string, spec: MarketSpec, now: Date): PositionRecord {
    if (!this.declared.has(userId)) throw new Error(`positions of ${userId} were not declared`);
    return this.records.get(key(userId, spec.symbol)) ?? flatRecord(userId, spec.symbol, spec.quote, now);
  }

  /** The user's open positions in the settlement asset, valued at the marks read for the batch. */
  holdings(userId: string, asset: string): Holding[] {
    if (!this.declared.has(userId)) throw new Error(`positions of ${userId} were not declared`);
    const holdings: Holding[] = [];
    for (const symbol of this.byUser.get(userId) ?? []) {
      const record = this.records.get(key(userId, symbol))!;
      if (record.asset !== asset || record.position.size === 0n) continue;
      const spec = this.markets.specs.get(symbol);
      const mark = this.markets.marks.get(symbol);
      // A position on a market without a mark (delisted, feed not started) is valued at its entry: no PnL, its margin at entry.
      if (!spec) throw new Error(`perpetual market ${symbol} of a position is not listed`);
      holdings.push({ record, terms: termsOf(spec), mark: mark ?? entryMark(record, spec) });
    }
    return holdings;
  }

  /** What the user may still hold for orders: availableMargin over their cash left (`available`). */
  margin(userId: string, asset: string, available: bigint): bigint {
    return availableMargin(available, this.holdings(userId, asset));
  }

  mark(symbol: string): bigint | undefined {
    return this.markets.marks.get(symbol);
  }

  /** A decision's new rows. */
  put(record: PositionRecord): void {
    this.records.set(key(record.userId, record.symbol), record);
    const symbols = this.byUser.get(record.userId) ?? new Set<string>();
    symbols.add(record.symbol);
    this.byUser.set(record.userId, symbols);
  }
}

function key(userId: string, symbol: string): string {
  return `${userId}:${symbol}`;
}

function entryMark(record: PositionRecord, spec: MarketSpec): bigint {
  const size = record.position.size < 0n ? -record.position.size : record.position.size;
  const unit = 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
  return record.position.entryValue / (size * unit);
}

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
 * The position rows a batch decides on: each perpetual market's rows as its
 * memory holds them (beside its book, at the same version), live, so what an
 * earlier decision of the batch applied is seen; and the margin they leave.
 * A record keeps the version it was stored with (the write checks it).
 */
export class PerpPositions {
  constructor(
    /** Rows by user id, per perpetual market of the settlement assets the batch trades in. */
    private readonly rows: ReadonlyMap<string, ReadonlyMap<string, PositionRecord>>,
    private readonly markets: PerpMarkets,
  ) {}

  /** The user's row on the market, or a flat one with the default settings. */
  of(userId: string, spec: MarketSpec, now: Date): PositionRecord {
    const rows = this.rows.get(spec.symbol);
    if (!rows) throw new Error(`the positions of ${spec.symbol} were not loaded for the batch`);
    return rows.get(userId) ?? flatRecord(userId, spec.symbol, spec.quote, now);
  }

  /** The user's open positions in the settlement asset, valued at the marks read for the batch. */
  holdings(userId: string, asset: string): Holding[] {
    const holdings: Holding[] = [];
    for (const [symbol, rows] of this.rows) {
      const record = rows.get(userId);
      if (!record || record.asset !== asset || record.position.size === 0n) continue;
      const spec = this.markets.specs.get(symbol)!;
      // A market the feed has not priced yet values its position at its entry: no PnL, its margin at entry.
      holdings.push({ record, terms: termsOf(spec), mark: this.markets.marks.get(symbol) ?? entryMark(record, spec) });
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
}

function entryMark(record: PositionRecord, spec: MarketSpec): bigint {
  const size = record.position.size < 0n ? -record.position.size : record.position.size;
  const unit = 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
  return record.position.entryValue / (size * unit);
}

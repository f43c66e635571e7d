/** A settled funding time of a market (risk.funding_rates). */
export interface FundingRecord {
  readonly symbol: string;
  readonly fundingTime: Date;
  /** RATE_E8. */
  readonly rate: bigint;
  readonly mark: bigint;
  readonly paid: bigint;
  readonly received: bigint;
  readonly remainder: bigint;
  readonly positions: number;
  readonly settledAt: Date;
}

export interface FundingHistoryPage {
  readonly items: readonly FundingRecord[];
  /** The cursor of the next (older) page; null at the end. */
  readonly next: string | null;
}

/** The risk context's funding tables: premium samples, settled funding times. */
export abstract class FundingRepository {
  /** Stores one premium sample (RATE_E8); a second one at the same instant is ignored. */
  abstract addSample(symbol: string, at: Date, premium: bigint): Promise<void>;
  /** The samples of the interval (from, to]: a sample on a funding time belongs to the interval it ends. */
  abstract samples(symbol: string, from: Date, to: Date): Promise<bigint[]>;
  /** Drops samples at or before `before` (the intervals settled long ago). */
  abstract pruneSamples(before: Date): Promise<void>;
  /**
   * Records a settled funding time in the caller's transaction: false (and
   * nothing written, the transaction still usable) when it was recorded
   * before.
   */
  abstract record(row: FundingRecord): Promise<boolean>;
  /** The funding times of `symbol` recorded within [from, to]. */
  abstract settledTimes(symbol: string, from: Date, to: Date): Promise<Date[]>;
  /** The latest settled funding time of `symbol`. */
  abstract last(symbol: string): Promise<FundingRecord | null>;
  /** Newest first, `limit` per page; `cursor` from a previous page (INVALID_CURSOR when it is not one). */
  abstract history(symbol: string, query: { readonly cursor?: string; readonly limit: number }): Promise<FundingHistoryPage>;
}

import { ClosedPosition, PositionRecord } from '../../domain';

/** A page of closed positions, newest first. */
export interface ClosedPositionPage {
  readonly items: readonly (ClosedPosition & { readonly id: string })[];
  /** The cursor of the next page, or null at the end. */
  readonly next: string | null;
}

/** The open positions of one perpetual market, summed by side (quantity units; values in the settlement asset's smallest units). */
export interface MarketPositionTotals {
  readonly symbol: string;
  /** The settlement asset. */
  readonly asset: string;
  /** Σ size of the longs. */
  readonly long: bigint;
  /** Σ |size| of the shorts. */
  readonly short: bigint;
  readonly longEntryValue: bigint;
  readonly shortEntryValue: bigint;
}

/**
 * Positions in PostgreSQL (schema `positions`): one row per user and
 * perpetual market (the settings and the position), and the closed positions.
 * Writes run in the caller's transaction (the order write path's batch).
 */
export abstract class PositionRepository {
  /** Every row of these users, on every market (flat rows too: they hold the settings). */
  abstract ofUsers(userIds: readonly string[]): Promise<ReadonlyMap<string, readonly PositionRecord[]>>;

  /** Every row of a market (what the order write path keeps in memory beside the book). */
  abstract ofMarket(symbol: string): Promise<readonly PositionRecord[]>;

  /** One user's row on one market, or null. */
  abstract find(userId: string, symbol: string): Promise<PositionRecord | null>;

  /**
   * Stores the rows (each as version + 1; a row whose `version` is not the
   * stored one, or 0 for a row that exists, is a conflict) and appends the
   * closed positions, in one statement. False when any row conflicted:
   * nothing of it is applied (the caller rolls back and reads again).
   */
  abstract write(rows: readonly PositionRecord[], closed: readonly ClosedPosition[]): Promise<boolean>;

  /** A user's closed positions, newest first, optionally of one market. */
  abstract history(userId: string, query: { readonly symbol?: string; readonly cursor?: string; readonly limit: number }): Promise<ClosedPositionPage>;

  /** Σ of long sizes and Σ of short sizes (absolute) of a market: equal when open interest is balanced. */
  abstract openInterest(symbol: string): Promise<{ readonly long: bigint; readonly short: bigint }>;

  /** Every market with an open position, its sides summed (GetPositionTotalsQuery). */
  abstract marketTotals(): Promise<MarketPositionTotals[]>;

  /** Σ isolated margin per user and settlement asset, where it is not zero (what sits on MARGIN.locked for positions). */
  abstract isolatedMargins(): Promise<{ readonly userId: string; readonly asset: string; readonly margin: bigint }[]>;
}

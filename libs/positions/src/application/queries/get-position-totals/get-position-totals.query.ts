import { Query } from '@nestjs/cqrs';
import type { MarketPositionTotals } from '../../ports';

/** The positions' totals the continuous reconciliation checks (integers: quantity units, smallest units of the settlement asset). */
export interface PositionTotals {
  /** Every perpetual market with an open position, long and short sides summed: open interest and entry values. */
  readonly markets: readonly MarketPositionTotals[];
  /** Σ isolated margin per user and settlement asset (not zero): the part of MARGIN.locked that positions hold. */
  readonly isolatedMargins: readonly { readonly userId: string; readonly asset: string; readonly margin: bigint }[];
}

/**
 * Totals over every position (docs/positions.md, "Invariants"): per market
 * the longs and shorts (they must be equal) and their entry values (the
 * CLEARING account of the settlement asset must hold Σ shorts − Σ longs), and
 * the isolated margins per account. For the reconciliation (risk context),
 * run inside its snapshot.
 */
export class GetPositionTotalsQuery extends Query<PositionTotals> {}

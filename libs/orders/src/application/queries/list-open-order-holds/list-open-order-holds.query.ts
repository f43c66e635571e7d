import { Query } from '@nestjs/cqrs';
import type { UserAccountKind } from '@lib/wallet';

/** What one user's open orders hold on one of their accounts (smallest units of the asset). */
export interface OrderHoldTotal {
  readonly userId: string;
  /** The account the holds are on: SPOT for a spot market's orders, MARGIN for a perpetual's. */
  readonly account: UserAccountKind;
  readonly asset: string;
  /** Σ hold_remaining of the user's open orders (untriggered, new, partly filled) holding this asset on this account. */
  readonly held: bigint;
  /** How many orders hold it. */
  readonly orders: number;
  /** The markets of those orders, by symbol. */
  readonly symbols: readonly string[];
}

/**
 * What every user's open orders hold, per account and asset: what their
 * locked balances must show, together with the other holders of locked funds
 * (pending withdrawals, isolated margin). For the continuous reconciliation
 * (risk context), run inside its snapshot. Fails with MARKET_NOT_FOUND if an
 * order's market is missing from the catalog (a run that fails reports nothing).
 */
export class ListOpenOrderHoldsQuery extends Query<OrderHoldTotal[]> {}

/**
 * Average-cost accounting of one asset of one user, from their trades.
 *
 * - quantity: the asset's smallest units the trades account for;
 * - cost: what that quantity cost, in valuation units (10^-6 USDT), fees included;
 * - realizedPnl: signed, valuation units, what selling has earned over its cost.
 *
 * Rules (exact, bigint): a buy adds its quantity and its cost (quote + fee);
 * a sale removes its quantity at the average cost and realizes
 * proceeds - removed cost. The cost left after a sale is the exact
 * proportional cost rounded down, floor(cost x left / quantity), so the
 * average cost never rises through rounding, the removed cost is rounded up
 * (a realized PnL is never overstated) and selling everything removes the
 * cost to the last unit.
 */
export interface CostBasis {
  readonly quantity: bigint;
  readonly cost: bigint;
  readonly realizedPnl: bigint;
}

export const EMPTY_COST_BASIS: CostBasis = { quantity: 0n, cost: 0n, realizedPnl: 0n };

export interface Sale {
  readonly basis: CostBasis;
  /** The cost that left with the quantity sold. */
  readonly removedCost: bigint;
  /** proceeds - removedCost, signed. */
  readonly realized: bigint;
}

export function acquire(basis: CostBasis, quantity: bigint, cost: bigint): CostBasis {
  if (quantity <= 0n) throw new RangeError('acquire: quantity must be positive');
  if (cost < 0n) throw new RangeError('acquire: cost must not be negative');
  return { quantity: basis.quantity + quantity, cost: basis.cost + cost, realizedPnl: basis.realizedPnl };
}

/**
 * Sells `quantity` for `proceeds` (net of fee). When the trades account for
 * less than is sold (the rest came in by deposit or transfer), the missing
 * quantity first enters at `untrackedCost(missing)`: the caller prices it at
 * the mark of the moment the sale is seen.
 */
export function dispose(basis: CostBasis, quantity: bigint, proceeds: bigint, untrackedCost: (missing: bigint) => bigint): Sale {
  if (quantity <= 0n) throw new RangeError('dispose: quantity must be positive');
  if (proceeds < 0n) throw new RangeError('dispose: proceeds must not be negative');
  const missing = quantity - basis.quantity;
  const before = missing > 0n ? acquire(basis, missing, untrackedCost(missing)) : basis;
  const left = before.quantity - quantity;
  const costLeft = (before.cost * left) / before.quantity;
  const removedCost = before.cost - costLeft;
  const realized = proceeds - removedCost;
  return { basis: { quantity: left, cost: costLeft, realizedPnl: before.realizedPnl + realized }, removedCost, realized };
}

/**
 * The cost of what the wallet holds now (`held`), which may differ from what
 * the trades account for: less after a withdrawal (the proportional cost,
 * rounded down as for a sale), more after a deposit or a fill not yet seen
 * (the untracked rest at `untrackedCost`, the caller's current mark value).
 */
export function heldCost(basis: CostBasis, held: bigint, untrackedCost: (untracked: bigint) => bigint): bigint {
  if (held < 0n) throw new RangeError('heldCost: held must not be negative');
  if (held >= basis.quantity) return basis.cost + (held > basis.quantity ? untrackedCost(held - basis.quantity) : 0n);
  return (basis.cost * held) / basis.quantity;
}

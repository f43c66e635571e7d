/** How much a liquidity account keeps: top up to `target x need` once it holds less than `low x need`. */
export interface FundingPolicy {
  readonly low: bigint;
  readonly target: bigint;
}

export const MAKER_FUNDING: FundingPolicy = { low: 3n, target: 10n };
export const NOISE_FUNDING: FundingPolicy = { low: 10n, target: 50n };

/**
 * What to credit an account that holds `held` (available + locked, smallest
 * units) and needs `need` for one round of orders: nothing while it holds at
 * least `low x need`, else what brings it to `target x need`.
 */
export function topUpAmount(held: bigint, need: bigint, policy: FundingPolicy): bigint {
  if (need <= 0n || held >= need * policy.low) return 0n;
  return need * policy.target - held;
}

/**
 * The ledger reference of the n-th top-up of a day: a retry or a restart posts it once, a day allows
 * LIQUIDITY_MAX_TOP_UPS_PER_DAY. The MARGIN account (perpetuals) has its own: `...:fund-margin:...`.
 */
export function fundingReference(role: string, asset: string, day: Date, n: number, margin = false): string {
  return `liquidity:${role}:${margin ? 'fund-margin' : 'fund'}:${asset}:${day.toISOString().slice(0, 10)}:${n}`;
}

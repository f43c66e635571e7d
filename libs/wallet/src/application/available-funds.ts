import { Asset, UserAccountKind, WalletError } from '../domain';
import { insufficientBalance } from './insufficient-balance';

export interface FundsRef {
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
}

const keyOf = (ref: FundsRef) => `${ref.userId}:${ref.account}:${ref.asset}`;

/**
 * Available balances read once (no lock) and spent down in memory, for a
 * caller that decides several requests in a row before posting them together
 * (a market's batch of orders): the second order of a user sees what the
 * first one took. Refusals are the wallet's INSUFFICIENT_BALANCE, with what is
 * left and what was asked. The locked posting that follows decides for good.
 */
export class AvailableFunds {
  private readonly left = new Map<string, bigint>();

  constructor(
    refs: readonly FundsRef[],
    available: readonly bigint[],
    private readonly assets: ReadonlyMap<string, Asset>,
  ) {
    refs.forEach((ref, i) => this.left.set(keyOf(ref), available[i]!));
  }

  /** Whether `ref` was read. */
  has(ref: FundsRef): boolean {
    return this.left.has(keyOf(ref));
  }

  /** What is left of `ref` (it must have been read). */
  available(ref: FundsRef): bigint {
    const left = this.left.get(keyOf(ref));
    if (left === undefined) throw new Error(`funds of ${keyOf(ref)} were not read`);
    return left;
  }

  /** Throws INSUFFICIENT_BALANCE unless `amount` is left; takes nothing. */
  assertCovers(ref: FundsRef, amount: bigint): void {
    const refusal = this.shortfall(ref, amount);
    if (refusal) throw refusal;
  }

  /** The INSUFFICIENT_BALANCE a client gets when `amount` is not left; null when it is. */
  shortfall(ref: FundsRef, amount: bigint): WalletError | null {
    const left = this.available(ref);
    return left < amount ? insufficientBalance(this.assets.get(ref.asset)!, left, amount) : null;
  }

  /** Takes `amount` (checked first, as assertCovers). */
  take(ref: FundsRef, amount: bigint): void {
    this.assertCovers(ref, amount);
    this.left.set(keyOf(ref), this.available(ref) - amount);
  }
}

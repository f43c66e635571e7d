import { WalletError, WalletErrorCode } from './wallet.error';

export enum WithdrawalStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  CANCELED = 'CANCELED',
}

export interface Withdrawal {
  readonly id: string;
  readonly userId: string;
  readonly asset: string;
  readonly amount: bigint;
  readonly address: string;
  readonly status: WithdrawalStatus;
  readonly requestedAt: Date;
  /** The simulated chain confirms it at this time. */
  readonly completesAt: Date;
  readonly finishedAt: Date | null;
  /**
   * Set while the owner is suspended: the chain job skips it. On reactivation
   * `completesAt` moves on by the time it was held, so it keeps the delay it had left.
   */
  readonly heldAt: Date | null;
}

export function assertPending(withdrawal: Withdrawal): void {
  if (withdrawal.status !== WithdrawalStatus.PENDING) {
    throw new WalletError(WalletErrorCode.WITHDRAWAL_NOT_PENDING, `The withdrawal is ${withdrawal.status}`, { withdrawalStatus: withdrawal.status });
  }
}

const ADDRESS = /^[A-Za-z0-9:_-]{8,128}$/;

/** A simulated chain: any plausible address shape is accepted, nothing else. */
export function assertAddress(address: string): void {
  if (!ADDRESS.test(address)) {
    throw new WalletError(WalletErrorCode.INVALID_ADDRESS, 'The address must be 8 to 128 letters, digits, ":", "_" or "-"');
  }
}

import { Withdrawal, WithdrawalStatus } from '../../domain';

export abstract class WithdrawalRepository {
  abstract insert(withdrawal: Withdrawal): Promise<void>;
  /** The user's withdrawal, row-locked; null for an unknown id or another user's. */
  abstract findForUpdate(userId: string, id: string): Promise<Withdrawal | null>;
  /** Pending withdrawals due by `now`, locked, skipping rows another instance holds. */
  abstract lockDue(now: Date, limit: number): Promise<Withdrawal[]>;
  /** Holds the user's pending withdrawals not held yet (`ids`: only those). Returns how many. */
  abstract hold(userId: string, at: Date, ids?: readonly string[]): Promise<number>;
  /** Resumes the user's held withdrawals: each completes after the delay it had left when held. Returns how many. */
  abstract resume(userId: string, now: Date): Promise<number>;
  abstract finish(id: string, status: WithdrawalStatus, at: Date): Promise<void>;
  abstract list(userId: string, filter: { status?: WithdrawalStatus; limit: number; before?: { requestedAt: Date; id: string } }): Promise<Withdrawal[]>;
}

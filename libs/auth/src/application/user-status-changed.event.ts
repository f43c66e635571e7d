import { AccountStatus } from '../domain';

export const USER_STATUS_CHANGED = 'auth.UserStatusChanged';

/**
 * Written to the outbox with every suspension or reactivation. Consumers treat
 * it as "re-check this account" (GetAccountStatusesQuery): delivery is at
 * least once and may be late, so the status it carries is history, not truth.
 */
export interface UserStatusChangedPayload {
  readonly userId: string;
  readonly status: AccountStatus;
  readonly reason: string | null;
  readonly [key: string]: unknown;
}

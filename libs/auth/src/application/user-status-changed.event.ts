import { AccountStatus } from '../domain';

export const USER_STATUS_CHANGED = 'auth.UserStatusChanged';

/**
 * Written to the outbox with every suspension or reactivation. Consumers treat
 * it as "re-check this account" (GetAccountStatusesQuery): delivery is at
 * least once and may be late, so the status it carries is history, not truth.
 * Version 1, its first shape: no `version` field (docs/events.md).
 */
export type UserStatusChangedPayload = {
  readonly version?: 1;
  readonly userId: string;
  readonly status: AccountStatus;
  readonly reason: string | null;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [USER_STATUS_CHANGED]: UserStatusChangedPayload;
  }
}

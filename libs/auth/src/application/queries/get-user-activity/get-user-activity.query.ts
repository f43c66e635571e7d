import { Query } from '@nestjs/cqrs';

export interface UserActivityView {
  /** Every account, whatever its status or role. */
  readonly total: number;
  /** Accounts that logged in or refreshed a session (a refresh token was issued to them) at or after `since`. */
  readonly active: number;
}

/** Counts of accounts for the admin statistics (GET /admin/stats). */
export class GetUserActivityQuery extends Query<UserActivityView> {
  constructor(readonly since: Date) {
    super();
  }
}

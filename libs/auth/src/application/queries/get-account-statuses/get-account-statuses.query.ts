import { Query } from '@nestjs/cqrs';
import { AccountStatus } from '../../../domain';

/**
 * The status of each known account among `userIds` (an unknown id is absent
 * from the answer). For other contexts that must not act on a suspended (or a
 * missing) account. `lock`: read the rows FOR SHARE in the caller's ambient
 * transaction, so a suspension (which locks the row FOR UPDATE) waits for
 * that transaction's commit, and the caller never acts on a status that is
 * changing under it.
 */
export class GetAccountStatusesQuery extends Query<Record<string, AccountStatus>> {
  constructor(
    readonly userIds: readonly string[],
    readonly lock = false,
  ) {
    super();
  }
}

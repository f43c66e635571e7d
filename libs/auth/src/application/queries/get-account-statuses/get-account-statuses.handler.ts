import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isUuid } from '@lib/kernel';
import { AccountStatus } from '../../../domain';
import { UserRepository } from '../../ports';
import { GetAccountStatusesQuery } from './get-account-statuses.query';

@QueryHandler(GetAccountStatusesQuery)
export class GetAccountStatusesHandler implements IQueryHandler<GetAccountStatusesQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: GetAccountStatusesQuery): Promise<Record<string, AccountStatus>> {
    // A malformed id names no account (and would fail the uuid cast).
    const ids = [...new Set(query.userIds.filter(isUuid))];
    if (ids.length === 0) return {};
    return Object.fromEntries(await this.users.statusesOf(ids, query.lock));
  }
}

import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccountStatus, GetAccountStatusesQuery } from '@lib/auth';
import { AccountHolders, HolderState } from '../application/ports';

/** The owners' states from the auth context, through its public query (same ambient transaction). */
@Injectable()
export class AuthAccountHolders extends AccountHolders {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async states(userIds: readonly string[], lock: boolean): Promise<Map<string, HolderState>> {
    const statuses = await this.queries.execute(new GetAccountStatusesQuery(userIds, lock));
    return new Map(Object.entries(statuses).map(([id, status]) => [id, { suspended: status === AccountStatus.SUSPENDED }]));
  }
}

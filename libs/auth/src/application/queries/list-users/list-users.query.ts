import { Query } from '@nestjs/cqrs';
import { AccountStatus } from '../../../domain';
import { Page, UserView } from '../../views';

export class ListUsersQuery extends Query<Page<UserView>> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
    readonly status?: AccountStatus,
    readonly search?: string,
  ) {
    super();
  }
}

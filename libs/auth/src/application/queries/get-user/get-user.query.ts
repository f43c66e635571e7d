import { Query } from '@nestjs/cqrs';
import { UserView } from '../../views';

export class GetUserQuery extends Query<UserView> {
  constructor(readonly userId: string) {
    super();
  }
}

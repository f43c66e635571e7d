import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthError, AuthErrorCode } from '../../../domain';
import { UserRepository } from '../../ports';
import { UserView, toUserView } from '../../views';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: GetUserQuery): Promise<UserView> {
    const user = await this.users.findById(query.userId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
    return toUserView(user);
  }
}

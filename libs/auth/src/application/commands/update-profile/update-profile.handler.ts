import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode } from '../../../domain';
import { UserRepository } from '../../ports';
import { UserView, toUserView } from '../../views';
import { UpdateProfileCommand } from './update-profile.command';

@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateProfileCommand): Promise<UserView> {
    return this.tx.withTransaction(async () => {
      // Locked: two concurrent settings patches merge instead of one losing the other's keys.
      const user = await this.users.findByIdForUpdate(command.userId);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
      user.updateProfile(command.patch, this.clock.now());
      await this.users.update(user);
      return toUserView(user);
    });
  }
}

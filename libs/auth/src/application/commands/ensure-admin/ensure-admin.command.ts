import { Command } from '@nestjs/cqrs';
import { UserView } from '../../views';

/** Boot-time: the configured admin exists, is ACTIVE, has role ADMIN and the configured password. */
export class EnsureAdminCommand extends Command<UserView> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}

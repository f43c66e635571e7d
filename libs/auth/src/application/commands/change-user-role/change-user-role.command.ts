import { Command } from '@nestjs/cqrs';
import { Role } from '../../../domain';
import { UserView } from '../../views';

/**
 * Admin action: give an account another role (USER or ADMIN). The role is
 * read from the database on every request (the session check), so it takes
 * effect on the account's next request; its sessions stay open.
 */
export class ChangeUserRoleCommand extends Command<UserView> {
  constructor(
    readonly actorId: string,
    readonly userId: string,
    readonly role: Role,
    readonly reason: string,
  ) {
    super();
  }
}

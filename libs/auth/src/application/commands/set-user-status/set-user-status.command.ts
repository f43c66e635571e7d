import { Command } from '@nestjs/cqrs';
import { AccountStatus } from '../../../domain';
import { UserView } from '../../views';

/** Admin action: suspend (every session is revoked at once) or reactivate an account. */
export class SetUserStatusCommand extends Command<UserView> {
  constructor(
    readonly actorId: string,
    readonly userId: string,
    readonly status: AccountStatus,
    readonly reason: string | null,
  ) {
    super();
  }
}

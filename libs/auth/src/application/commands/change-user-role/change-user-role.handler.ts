import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AuditLog, TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode } from '../../../domain';
import { UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { UserView, toUserView } from '../../views';
import { ChangeUserRoleCommand } from './change-user-role.command';

/**
 * Changes an account's role, audited (ROLE_CHANGED, before and after) in the
 * same transaction. Nothing else changes: the role is not in anything the
 * server trusts but the users row (the session check reads it; the access
 * token's `role` claim is informational), so once the principal cache is
 * invalidated after the commit (here at once, other instances over Redis,
 * at the latest AUTH_SESSION_CACHE_MS later) the next request has the new
 * role: a demoted admin's next admin request is 403 FORBIDDEN.
 */
@CommandHandler(ChangeUserRoleCommand)
export class ChangeUserRoleHandler implements ICommandHandler<ChangeUserRoleCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: ChangeUserRoleCommand): Promise<UserView> {
    if (command.actorId === command.userId) {
      throw new AuthError(AuthErrorCode.CANNOT_CHANGE_OWN_ROLE, 'An admin cannot change their own role');
    }
    const { view, changed } = await this.tx.withTransaction(async () => {
      const user = await this.users.findByIdForUpdate(command.userId);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
      const before = user.role;
      // The same role: nothing changes, nothing is recorded.
      if (before === command.role) return { view: toUserView(user), changed: false };
      user.grantRole(command.role, this.clock.now());
      await this.users.update(user);
      await this.audit.append({
        actorId: command.actorId,
        action: 'ROLE_CHANGED',
        target: `user:${user.id}`,
        before: { role: before },
        after: { role: user.role },
        reason: command.reason,
      });
      return { view: toUserView(user), changed: true };
    });
    // After the commit: the cached session rows carry the old role.
    if (changed) this.principals.invalidateUser(command.userId);
    return view;
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AuditLog, OutboxWriter, TransactionHost } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, SessionRevocation } from '../../../domain';
import { SessionRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { USER_STATUS_CHANGED, UserStatusChangedPayload } from '../../user-status-changed.event';
import { UserView, toUserView } from '../../views';
import { SetUserStatusCommand } from './set-user-status.command';

@CommandHandler(SetUserStatusCommand)
export class SetUserStatusHandler implements ICommandHandler<SetUserStatusCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: SetUserStatusCommand): Promise<UserView> {
    if (command.actorId === command.userId) {
      throw new AuthError(AuthErrorCode.CANNOT_CHANGE_OWN_STATUS, 'An admin cannot change the status of their own account');
    }
    const view = await this.tx.withTransaction(async () => {
      const user = await this.users.findByIdForUpdate(command.userId);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
      const now = this.clock.now();
      const before = { status: user.status, reason: user.statusReason };
      user.setStatus(command.status, command.reason, now);
      await this.users.update(user);
      if (command.status === AccountStatus.SUSPENDED) {
        await this.sessions.revokeAllOfUser(user.id, SessionRevocation.ACCOUNT_SUSPENDED, now);
      }
      // The wallet and the orders contexts of every instance re-check the account (held withdrawals, open orders).
      const payload: UserStatusChangedPayload = { userId: user.id, status: user.status, reason: user.statusReason };
      await this.outbox.append([{ type: USER_STATUS_CHANGED, payload }]);
      await this.audit.append({
        actorId: command.actorId,
        action: command.status === AccountStatus.SUSPENDED ? 'USER_SUSPENDED' : 'USER_REACTIVATED',
        target: `user:${user.id}`,
        before,
        after: { status: user.status, reason: user.statusReason },
        reason: command.reason ?? null,
      });
      return toUserView(user);
    });
    // After the commit, whichever way the status went: the cached rows carry the old one.
    this.principals.invalidateUser(command.userId);
    return view;
  }
}

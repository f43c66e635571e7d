import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode, SessionRevocation, assertPasswordPolicy } from '../../../domain';
import { PasswordHasher, SessionRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { ChangePasswordCommand } from './change-password.command';

@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    const user = await this.users.findById(command.userId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
    if (!(await this.hasher.verify(user.passwordHash, command.currentPassword))) {
      throw new AuthError(AuthErrorCode.INVALID_CURRENT_PASSWORD, 'The current password is wrong');
    }
    assertPasswordPolicy(command.newPassword, user.email);
    const hash = await this.hasher.hash(command.newPassword);
    const now = this.clock.now();
    await this.tx.withTransaction(async () => {
      // Re-read under a row lock: the slow hashing above ran outside the transaction.
      const locked = await this.users.findByIdForUpdate(user.id);
      if (!locked || locked.passwordHash !== user.passwordHash) {
        throw new AuthError(AuthErrorCode.INVALID_CURRENT_PASSWORD, 'The password was changed concurrently');
      }
      locked.changePasswordHash(hash, now);
      await this.users.update(locked);
      await this.sessions.revokeAllOfUser(user.id, SessionRevocation.PASSWORD_CHANGED, now, command.sessionId);
    });
    // After the commit: the other sessions were revoked.
    this.principals.invalidateUser(user.id);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode, SessionRevocation, User, assertPasswordPolicy } from '../../../domain';
import { ApiKeyRepository, LoginAttemptLimiter, PasswordAttempt, PasswordHasher, SessionRepository, UserRepository } from '../../ports';
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
    private readonly limiter: LoginAttemptLimiter,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    // Whoever holds a session may guess the current password: reserved before verifying, like a login.
    const attempt = { kind: 'password-change', userId: command.userId } as const;
    const retryAfter = await this.limiter.reserve(attempt);
    if (retryAfter > 0) {
      throw new AuthError(AuthErrorCode.TOO_MANY_PASSWORD_ATTEMPTS, 'Too many wrong current passwords; try again later', {
        retryAfterSeconds: retryAfter,
      });
    }
    const user = await this.verified(attempt, command.currentPassword);
    // A wrong password keeps its reservation: that is the failure counted.
    if (!user) throw new AuthError(AuthErrorCode.INVALID_CURRENT_PASSWORD, 'The current password is wrong');
    await this.limiter.succeeded(attempt);
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
      if (command.revokeApiKeys) await this.keys.revokeOfUser(user.id, now);
    });
    // After the commit: the other sessions were revoked.
    this.principals.invalidateUser(user.id);
  }

  /** The user when the current password is right, else null. */
  private async verified(attempt: Extract<PasswordAttempt, { kind: 'password-change' }>, password: string): Promise<User | null> {
    let user: User | null;
    let valid: boolean;
    try {
      user = await this.users.findById(attempt.userId);
      valid = user !== null && (await this.hasher.verify(user.passwordHash, password));
    } catch (error) {
      // The password was never judged: that was no guess.
      await this.limiter.abandoned(attempt);
      throw error;
    }
    if (!user) {
      await this.limiter.abandoned(attempt);
      throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
    }
    return valid ? user : null;
  }
}

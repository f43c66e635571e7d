import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode } from '../../../domain';
import { LoginAttemptLimiter, PasswordHasher, UserRepository } from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { AuthTokens } from '../../views';
import { LogInCommand } from './log-in.command';

@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginAttemptLimiter,
    private readonly sessions: SessionIssuer,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(command: LogInCommand): Promise<AuthTokens> {
    // Not normalizeEmail(): a malformed email is just a failed login, same answer as any other.
    const keys = { account: command.email.trim().toLowerCase(), ip: command.client.ip };
    const retryAfter = await this.limiter.retryAfterSeconds(keys);
    if (retryAfter > 0) {
      throw new AuthError(AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS, 'Too many failed login attempts; try again later', {
        retryAfterSeconds: retryAfter,
      });
    }

    const user = await this.users.findByEmail(keys.account);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, command.password)
      : await this.hasher.verifyAgainstDummy(command.password);
    if (!user || !valid) {
      await this.limiter.recordFailure(keys);
      // One answer for an unknown email and a wrong password.
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid email or password');
    }
    // Only a caller who knows the password learns that the account is suspended.
    user.assertActive();
    await this.limiter.recordSuccess(keys);

    // Hashes made with older parameters are upgraded while the password is at hand.
    const rehash = this.hasher.needsRehash(user.passwordHash);
    if (rehash) user.changePasswordHash(await this.hasher.hash(command.password), this.clock.now());
    return this.tx.withTransaction(async () => {
      if (rehash) await this.users.update(user);
      return this.sessions.open(user, command.client);
    });
  }
}

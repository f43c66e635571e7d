import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode, MFA_CHALLENGE_TTL_SECONDS, User } from '../../../domain';
import { LoginAttemptLimiter, PasswordAttempt, PasswordHasher, TwoFactorRepository, UserRepository } from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { ClientInfo } from '../../views';
import { LoginResult, MfaChallengeView } from '../two-factor/two-factor.commands';
import { LoginFailed } from '../../auth-activity.events';
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
    private readonly events: EventBus,
    private readonly twoFactor: TwoFactorRepository,
  ) {}

  async execute(command: LogInCommand): Promise<LoginResult> {
    // Not normalizeEmail(): a malformed email is just a failed login, same answer as any other.
    const attempt = { kind: 'login', account: command.email.trim().toLowerCase(), ip: command.client.ip } as const;
    // Reserved before the password is verified: parallel guesses cannot all pass the check.
    const retryAfter = await this.limiter.reserve(attempt);
    if (retryAfter > 0) {
      throw new AuthError(AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS, 'Too many failed login attempts; try again later', {
        retryAfterSeconds: retryAfter,
      });
    }

    const user = await this.verified(attempt, command.password);
    // A wrong password keeps its reservation: that is the failure counted.
    // One answer for an unknown email and a wrong password.
    if (!user) {
      this.events.publish(new LoginFailed(attempt.account, attempt.ip, this.clock.now()));
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid email or password');
    }
    await this.limiter.succeeded(attempt);
    // Only a caller who knows the password learns that the account is suspended.
    user.assertActive();

    // Hashes made with older parameters are upgraded while the password is at hand.
    const rehash = this.hasher.needsRehash(user.passwordHash);
    if (rehash) user.changePasswordHash(await this.hasher.hash(command.password), this.clock.now());
    const secondFactor = (await this.twoFactor.find(user.id))?.status === 'ENABLED';
    return this.tx.withTransaction(async () => {
      if (rehash) await this.users.update(user);
      return secondFactor ? this.challenge(user, command.client) : this.sessions.open(user, command.client);
    });
  }

  /** The password was right; the session opens when the second factor is proven (CompleteMfaLoginHandler). */
  private async challenge(user: User, client: ClientInfo): Promise<MfaChallengeView> {
    const now = this.clock.now();
    const mfaToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + MFA_CHALLENGE_TTL_SECONDS * 1000);
    await this.twoFactor.createChallenge(mfaTokenHash(mfaToken), { userId: user.id, client, expiresAt }, now);
    return { mfaRequired: true, mfaToken, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
  }

  /** The account when the password is right; null for an unknown email (a dummy verify: same time) or a wrong password. */
  private async verified(attempt: PasswordAttempt & { kind: 'login' }, password: string): Promise<User | null> {
    try {
      const user = await this.users.findByEmail(attempt.account);
      const valid = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyAgainstDummy(password);
      return user && valid ? user : null;
    } catch (error) {
      // The password was never judged: that was no guess.
      await this.limiter.abandoned(attempt);
      throw error;
    }
  }
}

/** Only the hash of an mfaToken is stored: a read of the table cannot finish someone's login. */
export function mfaTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

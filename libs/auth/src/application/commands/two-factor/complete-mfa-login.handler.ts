import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode } from '../../../domain';
import { TwoFactorRepository, UserRepository } from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { TwoFactorCodes } from '../../two-factor-codes';
import { AuthTokens } from '../../views';
import { mfaTokenHash } from '../log-in/log-in.handler';
import { CompleteMfaLoginCommand } from './two-factor.commands';

const invalidToken = (): AuthError => new AuthError(AuthErrorCode.MFA_TOKEN_INVALID, 'The mfaToken is unknown, used or expired: log in again');

/**
 * The second half of a login with 2FA: the challenge from the password step
 * and a current code (or a recovery code). The challenge is used once, in the
 * transaction that opens the session; wrong codes are limited per user.
 */
@CommandHandler(CompleteMfaLoginCommand)
export class CompleteMfaLoginHandler implements ICommandHandler<CompleteMfaLoginCommand> {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly codes: TwoFactorCodes,
    private readonly sessions: SessionIssuer,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ mfaToken, proof, client }: CompleteMfaLoginCommand): Promise<AuthTokens> {
    const hash = mfaTokenHash(mfaToken);
    const challenge = await this.store.findChallenge(hash, this.clock.now());
    if (!challenge) throw invalidToken();
    const user = await this.users.findById(challenge.userId);
    const record = await this.store.find(challenge.userId);
    // 2FA removed since the password step: that login must start over.
    if (!user || record?.status !== 'ENABLED') throw invalidToken();
    await this.codes.prove(record, proof, true);
    // Suspended between the two steps: no session.
    user.assertActive();
    return this.tx.withTransaction(async () => {
      if (!(await this.store.useChallenge(hash, this.clock.now()))) throw invalidToken();
      return this.sessions.open(user, client);
    });
  }
}

import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { ApiKeyPermission, AuthError, AuthErrorCode, hashRecoveryCode, newRecoveryCodes } from '../../../domain';
import { ApiKeyRepository, TotpAuthenticator, TwoFactorRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { TwoFactorCodes } from '../../two-factor-codes';
import {
  ConfirmTwoFactorCommand,
  DisableTwoFactorCommand,
  GetTwoFactorStatusQuery,
  SetUpTwoFactorCommand,
  TwoFactorSetupView,
  TwoFactorStatusView,
  VerifyTwoFactorCommand,
} from './two-factor.commands';

/** Draws a secret and keeps it PENDING until a code confirms it; a new setup replaces a pending one. */
@CommandHandler(SetUpTwoFactorCommand)
export class SetUpTwoFactorHandler implements ICommandHandler<SetUpTwoFactorCommand> {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly totp: TotpAuthenticator,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: SetUpTwoFactorCommand): Promise<TwoFactorSetupView> {
    const user = await this.users.findById(userId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found');
    const secret = this.totp.newSecret();
    if (!(await this.store.savePending(userId, secret, this.clock.now()))) {
      throw new AuthError(AuthErrorCode.TWO_FACTOR_ALREADY_ENABLED, 'Two-factor authentication is on already: remove it first to enroll a new device');
    }
    const otpauthUri = this.totp.keyUri(secret, user.email);
    return { secret, otpauthUri, qrCodePng: await this.totp.qrCodePng(otpauthUri) };
  }
}

/** A right code for the pending secret turns 2FA on (that code's step counts as used) and hands out the recovery codes once. */
@CommandHandler(ConfirmTwoFactorCommand)
export class ConfirmTwoFactorHandler implements ICommandHandler<ConfirmTwoFactorCommand> {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly codes: TwoFactorCodes,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, code }: ConfirmTwoFactorCommand): Promise<{ recoveryCodes: string[] }> {
    const record = await this.store.find(userId);
    if (record?.status === 'ENABLED') throw new AuthError(AuthErrorCode.TWO_FACTOR_ALREADY_ENABLED, 'Two-factor authentication is on already');
    if (!record) throw new AuthError(AuthErrorCode.TWO_FACTOR_NOT_PENDING, 'No setup to confirm: POST /api/v1/auth/2fa/setup first');
    const step = await this.codes.matchPending(record, code.trim());
    const recoveryCodes = newRecoveryCodes();
    const enabled = await this.tx.withTransaction(() => this.store.enable(userId, step, recoveryCodes.map(hashRecoveryCode), this.clock.now()));
    // Confirmed concurrently by another request: that one handed out the codes.
    if (!enabled) throw new AuthError(AuthErrorCode.TWO_FACTOR_NOT_PENDING, 'No setup to confirm: it was confirmed or replaced meanwhile');
    return { recoveryCodes };
  }
}

/**
 * Turns 2FA off with a code or a recovery code. The user's API keys that can
 * withdraw are revoked with it: they were created under the second factor.
 */
@CommandHandler(DisableTwoFactorCommand)
export class DisableTwoFactorHandler implements ICommandHandler<DisableTwoFactorCommand> {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly keys: ApiKeyRepository,
    private readonly codes: TwoFactorCodes,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
  ) {}

  async execute({ userId, proof }: DisableTwoFactorCommand): Promise<{ revokedApiKeys: string[] }> {
    const record = await this.store.find(userId);
    if (record?.status !== 'ENABLED') throw new AuthError(AuthErrorCode.TWO_FACTOR_NOT_ENABLED, 'Two-factor authentication is off');
    await this.codes.prove(record, proof, true);
    const revokedApiKeys = await this.tx.withTransaction(async () => {
      await this.store.remove(userId);
      return this.keys.revokeOfUser(userId, this.clock.now(), ApiKeyPermission.WITHDRAW);
    });
    // After the commit: the revoked keys leave every instance's key cache.
    for (const id of revokedApiKeys) this.principals.invalidateApiKey(id);
    return { revokedApiKeys };
  }
}

@CommandHandler(VerifyTwoFactorCommand)
export class VerifyTwoFactorHandler implements ICommandHandler<VerifyTwoFactorCommand> {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly codes: TwoFactorCodes,
  ) {}

  async execute({ userId, code }: VerifyTwoFactorCommand): Promise<void> {
    const record = await this.store.find(userId);
    if (record?.status !== 'ENABLED') return;
    await this.codes.prove(record, { code }, false);
  }
}

@QueryHandler(GetTwoFactorStatusQuery)
export class GetTwoFactorStatusHandler implements IQueryHandler<GetTwoFactorStatusQuery> {
  constructor(private readonly store: TwoFactorRepository) {}

  async execute({ userId }: GetTwoFactorStatusQuery): Promise<TwoFactorStatusView> {
    const record = await this.store.find(userId);
    const enabled = record?.status === 'ENABLED';
    return {
      enabled,
      pending: record?.status === 'PENDING',
      enabledAt: record?.enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: enabled ? await this.store.recoveryCodesLeft(userId) : 0,
    };
  }
}

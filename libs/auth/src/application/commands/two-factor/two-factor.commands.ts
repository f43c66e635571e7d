import { Command, Query } from '@nestjs/cqrs';
import type { TwoFactorProof } from '../../../domain';
import type { AuthTokens, ClientInfo } from '../../views';

/** What setup answers: the secret three ways (text, URI, QR image); 2FA is on only after a confirmed code. */
export interface TwoFactorSetupView {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrCodePng: string;
}

export interface TwoFactorStatusView {
  readonly enabled: boolean;
  /** A setup waits for its confirming code. */
  readonly pending: boolean;
  readonly enabledAt: string | null;
  readonly recoveryCodesLeft: number;
}

/** A right password on an account with 2FA: finish with POST /auth/login/mfa. */
export interface MfaChallengeView {
  readonly mfaRequired: true;
  readonly mfaToken: string;
  readonly expiresIn: number;
}

export type LoginResult = AuthTokens | MfaChallengeView;

export class SetUpTwoFactorCommand extends Command<TwoFactorSetupView> {
  constructor(readonly userId: string) {
    super();
  }
}

export class ConfirmTwoFactorCommand extends Command<{ recoveryCodes: string[] }> {
  constructor(
    readonly userId: string,
    readonly code: string,
  ) {
    super();
  }
}

/** Turns 2FA off with a code or a recovery code; the user's keys with WITHDRAW are revoked. */
export class DisableTwoFactorCommand extends Command<{ revokedApiKeys: string[] }> {
  constructor(
    readonly userId: string,
    readonly proof: TwoFactorProof,
  ) {
    super();
  }
}

/** Step-up: a no-op when the user has no 2FA; otherwise a current code is required and used up. */
export class VerifyTwoFactorCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly code: string | null,
  ) {
    super();
  }
}

export class CompleteMfaLoginCommand extends Command<AuthTokens> {
  constructor(
    readonly mfaToken: string,
    readonly proof: TwoFactorProof,
    readonly client: ClientInfo,
  ) {
    super();
  }
}

export class GetTwoFactorStatusQuery extends Query<TwoFactorStatusView> {
  constructor(readonly userId: string) {
    super();
  }
}

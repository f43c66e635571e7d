import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AuthError, AuthErrorCode, TwoFactorProof, TwoFactorRecord, hashRecoveryCode, isFreshStep, isTotpCode } from '../domain';
import { LoginAttemptLimiter, TotpAuthenticator, TwoFactorRepository } from './ports';

/**
 * Checks a second factor (docs/two-factor.md) and uses it up: a current TOTP
 * code is accepted once (its time step is stored, and only a later step passes
 * again), a recovery code once. Wrong codes are guesses, limited per user like
 * passwords: the attempt is reserved before the code is judged.
 */
@Injectable()
export class TwoFactorCodes {
  constructor(
    private readonly store: TwoFactorRepository,
    private readonly totp: TotpAuthenticator,
    private readonly limiter: LoginAttemptLimiter,
    private readonly clock: Clock,
  ) {}

  /** Proves the user's ENABLED second factor with `proof`, or throws; recovery codes only where `allowRecovery`. */
  async prove(record: TwoFactorRecord, proof: TwoFactorProof, allowRecovery: boolean): Promise<void> {
    const code = proof.code?.trim() || null;
    const recovery = allowRecovery ? proof.recoveryCode?.trim() || null : null;
    if (!code && !recovery) {
      throw new AuthError(AuthErrorCode.TWO_FACTOR_REQUIRED, allowRecovery ? 'A two-factor code or a recovery code is required' : 'A two-factor code is required (X-2FA-Code)');
    }
    await this.judge(record.userId, async () => {
      if (code) return this.useCode(record, code);
      return this.store.useRecoveryCode(record.userId, hashRecoveryCode(recovery!), this.clock.now());
    });
  }

  /** The step a code for a PENDING secret matches (setup confirmation), under the same guess limit. */
  async matchPending(record: TwoFactorRecord, code: string): Promise<number> {
    let step: number | null = null;
    await this.judge(record.userId, async () => {
      step = isTotpCode(code) ? this.totp.matchStep(record.secret, code, this.clock.now().getTime()) : null;
      return step !== null;
    });
    return step!;
  }

  /** True: the code matched a fresh step, now used. False: a wrong code. Throws REPLAYED for a right code used before. */
  private async useCode(record: TwoFactorRecord, code: string): Promise<boolean> {
    const step = isTotpCode(code) ? this.totp.matchStep(record.secret, code, this.clock.now().getTime()) : null;
    if (step === null) return false;
    // The conditional write decides: of two requests racing with one code, one wins.
    if (isFreshStep(step, record.lastUsedStep) && (await this.store.useStep(record.userId, step))) return true;
    throw new AuthError(AuthErrorCode.TWO_FACTOR_CODE_REPLAYED, 'This code was used already: wait for the next one');
  }

  private async judge(userId: string, check: () => Promise<boolean>): Promise<void> {
    const attempt = { kind: 'two-factor', userId } as const;
    const retryAfter = await this.limiter.reserve(attempt);
    if (retryAfter > 0) {
      throw new AuthError(AuthErrorCode.TOO_MANY_TWO_FACTOR_ATTEMPTS, 'Too many wrong two-factor codes; try again later', { retryAfterSeconds: retryAfter });
    }
    let right: boolean;
    try {
      right = await check();
    } catch (error) {
      // A replay or a server error: no guess was judged wrong.
      await this.limiter.abandoned(attempt);
      throw error;
    }
    // A wrong code keeps its reservation: that is the failure counted.
    if (!right) throw new AuthError(AuthErrorCode.TWO_FACTOR_CODE_INVALID, 'The two-factor code is wrong');
    await this.limiter.succeeded(attempt);
  }
}

import type { TwoFactorRecord } from '../../domain';
import type { ClientInfo } from '../views';

/** A login stopped between the password and the second factor. */
export interface MfaChallenge {
  readonly userId: string;
  readonly client: ClientInfo;
  readonly expiresAt: Date;
}

/**
 * auth.two_factor, its recovery codes and the login challenges. Every
 * "use" is one conditional write, so two requests racing with one code
 * cannot both succeed.
 */
export abstract class TwoFactorRepository {
  abstract find(userId: string): Promise<TwoFactorRecord | null>;
  /** Stores a new PENDING secret (replacing a pending one); false when 2FA is already ENABLED. */
  abstract savePending(userId: string, secret: string, at: Date): Promise<boolean>;
  /** PENDING -> ENABLED with `step` used and the recovery codes' hashes; false when nothing was pending. */
  abstract enable(userId: string, step: number, recoveryCodeHashes: readonly string[], at: Date): Promise<boolean>;
  /** Marks `step` used; false when that step or a later one was used already (a replay) or 2FA is off. */
  abstract useStep(userId: string, step: number): Promise<boolean>;
  /** Marks an unused recovery code used; false when unknown or used. */
  abstract useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean>;
  abstract recoveryCodesLeft(userId: string): Promise<number>;
  /** Removes the secret and the recovery codes; false when there was nothing. */
  abstract remove(userId: string): Promise<boolean>;

  abstract createChallenge(tokenHash: string, challenge: MfaChallenge, at: Date): Promise<void>;
  /** A live (unused, unexpired) challenge, without using it. */
  abstract findChallenge(tokenHash: string, at: Date): Promise<MfaChallenge | null>;
  /** Uses a live challenge; false when it was used (concurrently) or expired. */
  abstract useChallenge(tokenHash: string, at: Date): Promise<boolean>;
}

import { TotpAuthenticator, MfaChallenge, TwoFactorRepository } from '../ports';
import { TwoFactorRecord } from '../../domain';

/** Mirrors SqlTwoFactorRepository's conditional writes. */
export class InMemoryTwoFactor extends TwoFactorRepository {
  readonly records = new Map<string, TwoFactorRecord>();
  /** userId -> code hash -> used */
  readonly recovery = new Map<string, Map<string, boolean>>();
  readonly challenges = new Map<string, MfaChallenge & { used: boolean }>();

  async find(userId: string): Promise<TwoFactorRecord | null> {
    return this.records.get(userId) ?? null;
  }

  async savePending(userId: string, secret: string, at: Date): Promise<boolean> {
    if (this.records.get(userId)?.status === 'ENABLED') return false;
    this.records.set(userId, { userId, status: 'PENDING', secret, lastUsedStep: null, createdAt: at, enabledAt: null });
    return true;
  }

  async enable(userId: string, step: number, hashes: readonly string[], at: Date): Promise<boolean> {
    const r = this.records.get(userId);
    if (r?.status !== 'PENDING') return false;
    this.records.set(userId, { ...r, status: 'ENABLED', enabledAt: at, lastUsedStep: step });
    this.recovery.set(userId, new Map(hashes.map((h) => [h, false])));
    return true;
  }

  async useStep(userId: string, step: number): Promise<boolean> {
    const r = this.records.get(userId);
    if (r?.status !== 'ENABLED' || (r.lastUsedStep !== null && r.lastUsedStep >= step)) return false;
    this.records.set(userId, { ...r, lastUsedStep: step });
    return true;
  }

  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const codes = this.recovery.get(userId);
    if (codes?.get(codeHash) !== false) return false;
    codes.set(codeHash, true);
    return true;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    return [...(this.recovery.get(userId)?.values() ?? [])].filter((used) => !used).length;
  }

  async remove(userId: string): Promise<boolean> {
    this.recovery.delete(userId);
    return this.records.delete(userId);
  }

  async createChallenge(tokenHash: string, challenge: MfaChallenge): Promise<void> {
    this.challenges.set(tokenHash, { ...challenge, used: false });
  }

  async findChallenge(tokenHash: string, at: Date): Promise<MfaChallenge | null> {
    const c = this.challenges.get(tokenHash);
    return c && !c.used && c.expiresAt > at ? { userId: c.userId, client: c.client, expiresAt: c.expiresAt } : null;
  }

  async useChallenge(tokenHash: string, at: Date): Promise<boolean> {
    const c = this.challenges.get(tokenHash);
    if (!c || c.used || c.expiresAt <= at) return false;
    c.used = true;
    return true;
  }
}

/** A code is `step:<n>`'s six digits: `codeFor(n)`; a spec picks which step a code belongs to. */
export class FakeTotp extends TotpAuthenticator {
  static codeFor(step: number): string {
    return String(step % 1_000_000).padStart(6, '0');
  }

  newSecret(): string {
    return 'JBSWY3DPEHPK3PXP';
  }

  keyUri(secret: string, account: string): string {
    return `otpauth://totp/Exchange:${account}?secret=${secret}`;
  }

  async qrCodePng(uri: string): Promise<string> {
    return `data:image/png;base64,${Buffer.from(uri).toString('base64')}`;
  }

  matchStep(_secret: string, code: string, atMs: number): number | null {
    const now = Math.floor(atMs / 30_000);
    for (const step of [now - 1, now, now + 1]) if (FakeTotp.codeFor(step) === code) return step;
    return null;
  }
}

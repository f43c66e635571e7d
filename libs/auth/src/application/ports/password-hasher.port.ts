export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with weaker parameters than today's. */
  abstract needsRehash(hash: string): boolean;
  /** Spends the same time as a real verification, for unknown accounts (no user enumeration by timing). */
  abstract verifyAgainstDummy(password: string): Promise<false>;
}

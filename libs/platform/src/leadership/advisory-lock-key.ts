import { createHash } from 'node:crypto';

/**
 * The 64-bit advisory-lock key of a lease name: the first 8 bytes of its
 * SHA-256, as a signed bigint (PostgreSQL's `bigint`). Stable across
 * processes and releases, so every instance computes the same key.
 */
export function advisoryLockKey(name: string): bigint {
  if (name.length === 0) throw new RangeError('a lease name must not be empty');
  return createHash('sha256').update(`lease:${name}`).digest().readBigInt64BE(0);
}

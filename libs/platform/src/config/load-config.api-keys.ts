import { hkdfSync } from 'node:crypto';
import type { ApiKeysConfig } from './api-keys-config';
import type { EnvReader } from './env-reader';

const KEY_BYTES = 32;

/**
 * API_KEY_ENCRYPTION_KEY: 32 bytes in base64, the key the API keys' HMAC
 * secrets are encrypted with. Unset, it is derived from the JWT secret with
 * HKDF-SHA256 (its own label: the two keys are independent for an attacker),
 * so an install needs no second secret; set it to rotate JWT_SECRET without
 * losing the HMAC keys (a new JWT secret otherwise makes them unusable: their
 * owners create new ones; Ed25519 keys hold no secret).
 *
 * LISTEN_KEY_TTL_MS: how long a listen key lives without a PUT (1 s .. 1 day).
 */
export function readApiKeys(e: EnvReader, jwtSecret: Buffer): ApiKeysConfig {
  // 60 minutes by default (docs/api-keys.md); a short one for tests, at most a day.
  const listenKeyTtlMs = e.int('LISTEN_KEY_TTL_MS', 3_600_000, 1_000, 86_400_000);
  return { encryptionKey: readEncryptionKey(e, jwtSecret), listenKeyTtlMs };
}

function readEncryptionKey(e: EnvReader, jwtSecret: Buffer): Buffer {
  const given = e.raw('API_KEY_ENCRYPTION_KEY');
  if (given !== undefined) {
    const key = Buffer.from(given.trim(), 'base64');
    if (key.length !== KEY_BYTES) e.fail('API_KEY_ENCRYPTION_KEY', `must be ${KEY_BYTES} bytes in base64 (e.g. openssl rand -base64 32)`);
    return key;
  }
  if (jwtSecret.length === 0) return Buffer.alloc(KEY_BYTES); // the JWT secret's own error is reported
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'exchange', 'api-key-secrets-v1', KEY_BYTES));
}

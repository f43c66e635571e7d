import type { ApiKeyPermission, ApiKeyRecord } from '../../domain';

/** A key as stored: its record and its verification material (a decrypted HMAC secret, or the Ed25519 public key). */
export interface StoredApiKey {
  readonly record: ApiKeyRecord;
  readonly hmacSecret: Buffer | null;
  readonly publicKey: string | null;
}

export interface NewApiKey {
  readonly record: ApiKeyRecord;
  readonly hmacSecret: Buffer | null;
  readonly publicKey: string | null;
}

/** API keys (auth.api_keys); HMAC secrets are encrypted by the implementation and never leave it in plain text but to verify. */
export abstract class ApiKeyRepository {
  abstract insert(key: NewApiKey): Promise<void>;
  /** The user's keys, newest first (revoked ones included when `withRevoked`). */
  abstract ofUser(userId: string, withRevoked: boolean): Promise<ApiKeyRecord[]>;
  abstract countLive(userId: string, now: Date): Promise<number>;
  /** A key by id, with its material; null when unknown. */
  abstract find(id: string): Promise<StoredApiKey | null>;
  /** Revokes the user's key; false when the user has no such live key. */
  abstract revoke(userId: string, id: string, at: Date): Promise<boolean>;
  /** Revokes every live key of the user (only those holding `permission` when given); the ids revoked. */
  abstract revokeOfUser(userId: string, at: Date, permission?: ApiKeyPermission): Promise<string[]>;
}

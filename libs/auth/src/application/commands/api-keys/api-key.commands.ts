import type { KeyObject } from 'node:crypto';
import { Command, Query } from '@nestjs/cqrs';
import type { ApiKeyPermission, ApiKeyScheme } from '../../../domain';

/** A key as listed: never its secret. */
export interface ApiKeyView {
  readonly id: string;
  readonly label: string;
  readonly scheme: ApiKeyScheme;
  readonly permissions: readonly ApiKeyPermission[];
  readonly ipAllowlist: readonly string[];
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly createdAt: string;
}

/** A key just created: with an HMAC key, its secret, shown this once. */
export interface CreatedApiKeyView extends ApiKeyView {
  readonly secret?: string;
}

export class CreateApiKeyCommand extends Command<CreatedApiKeyView> {
  constructor(
    readonly userId: string,
    readonly label: string,
    readonly scheme: ApiKeyScheme,
    readonly permissions: readonly ApiKeyPermission[],
    readonly ipAllowlist: readonly string[],
    readonly expiresAt: Date | null,
    readonly publicKey: string | null,
  ) {
    super();
  }
}

export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly keyId: string,
  ) {
    super();
  }
}

export class ListApiKeysQuery extends Query<ApiKeyView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

/** What a signed request is checked against: the live key, its verification material, and its owner as a principal. */
export interface ApiKeyCredentials {
  readonly keyId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: string;
  readonly permissions: readonly ApiKeyPermission[];
  readonly ipAllowlist: readonly string[];
  readonly scheme: ApiKeyScheme;
  readonly hmacSecret: Buffer | null;
  /** The registered Ed25519 public key, parsed. */
  readonly publicKey: KeyObject | null;
  /** Whether the allowlist admits a client address (an empty list admits every one). */
  readonly allowsIp: (ip: string) => boolean;
}

/** The key of a signed request: API_KEY_INVALID when unknown, revoked or expired; ACCOUNT_SUSPENDED when its owner is. */
export class AuthenticateApiKeyQuery extends Query<ApiKeyCredentials> {
  constructor(readonly keyId: string) {
    super();
  }
}

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

import { randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AccountStatus, ApiKeyPermission, ApiKeyRecord, AuthError, AuthErrorCode, MAX_API_KEYS_PER_USER, MAX_IP_ALLOWLIST, ed25519Raw, isLive, parseAllowlistEntry, parseEd25519PublicKey } from '../../../domain';
import { ApiKeyRepository, UserRepository } from '../../ports';
import { ApiKeyCredentials, ApiKeyView, AuthenticateApiKeyQuery, CreateApiKeyCommand, CreatedApiKeyView, ListApiKeysQuery, RevokeApiKeyCommand } from './api-key.commands';

const invalid = (message: string): AuthError => new AuthError(AuthErrorCode.INVALID_API_KEY_REQUEST, message);

export function apiKeyView(r: ApiKeyRecord): ApiKeyView {
  return {
    id: r.id,
    label: r.label,
    scheme: r.scheme,
    permissions: r.permissions,
    ipAllowlist: r.ipAllowlist,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Creates a key (docs/api-keys.md). HMAC: a 256-bit secret drawn here, its
 * text (base64url) the HMAC key, answered once and stored encrypted. Ed25519:
 * the client's public key, stored as its raw 32 bytes. READ is in every set.
 */
@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(c: CreateApiKeyCommand): Promise<CreatedApiKeyView> {
    const now = this.clock.now();
    if (c.expiresAt && c.expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt must be in the future');
    if (c.ipAllowlist.length > MAX_IP_ALLOWLIST) throw invalid(`At most ${MAX_IP_ALLOWLIST} ipAllowlist entries`);
    const bad = c.ipAllowlist.find((entry) => parseAllowlistEntry(entry) === null);
    if (bad !== undefined) throw invalid(`ipAllowlist entry "${bad}" is not an IPv4/IPv6 address or CIDR range`);
    let publicKey: string | null = null;
    if (c.scheme === 'ED25519') {
      const key = c.publicKey === null ? null : parseEd25519PublicKey(c.publicKey);
      if (!key) throw invalid('An ED25519 key needs publicKey: the raw 32-byte key in base64url, or an SPKI PEM');
      publicKey = ed25519Raw(key);
    } else if (c.publicKey !== null) {
      throw invalid('publicKey is for ED25519 keys only: the server draws an HMAC key\'s secret');
    }
    const secret = c.scheme === 'HMAC' ? randomBytes(32).toString('base64url') : undefined;
    const permissions = [...new Set([ApiKeyPermission.READ, ...c.permissions])].sort();
    const record: ApiKeyRecord = {
      id: `ak_${randomBytes(16).toString('base64url')}`,
      userId: c.userId,
      label: c.label,
      scheme: c.scheme,
      permissions,
      ipAllowlist: [...c.ipAllowlist],
      expiresAt: c.expiresAt,
      revokedAt: null,
      createdAt: now,
    };
    await this.tx.withTransaction(async () => {
      if ((await this.keys.countLive(c.userId, now)) >= MAX_API_KEYS_PER_USER) {
        throw new AuthError(AuthErrorCode.API_KEY_LIMIT, `A user holds at most ${MAX_API_KEYS_PER_USER} live API keys: revoke one first`, { limit: MAX_API_KEYS_PER_USER });
      }
      await this.keys.insert({ record, hmacSecret: secret ? Buffer.from(secret, 'utf8') : null, publicKey });
    });
    return { ...apiKeyView(record), ...(secret ? { secret } : {}) };
  }
}

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, keyId }: RevokeApiKeyCommand): Promise<void> {
    if (!(await this.keys.revoke(userId, keyId, this.clock.now()))) throw new AuthError(AuthErrorCode.API_KEY_NOT_FOUND, 'No such live API key of yours');
  }
}

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute({ userId }: ListApiKeysQuery): Promise<ApiKeyView[]> {
    return (await this.keys.ofUser(userId, false)).map(apiKeyView);
  }
}

/**
 * A signed request's key (docs/api-keys.md): one read by primary key and one
 * of its owner. Not cached: a revocation or a suspension stops the key at
 * once, on every instance.
 */
@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ keyId }: AuthenticateApiKeyQuery): Promise<ApiKeyCredentials> {
    const stored = /^ak_[\w-]{22}$/.test(keyId) ? await this.keys.find(keyId) : null;
    if (!stored || !isLive(stored.record, this.clock.now())) throw new AuthError(AuthErrorCode.API_KEY_INVALID, 'Unknown, revoked or expired API key');
    const user = await this.users.findById(stored.record.userId);
    if (!user) throw new AuthError(AuthErrorCode.API_KEY_INVALID, 'Unknown, revoked or expired API key');
    if (user.status === AccountStatus.SUSPENDED) throw new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    const r = stored.record;
    return { keyId: r.id, userId: r.userId, email: user.email, role: user.role, permissions: r.permissions, ipAllowlist: r.ipAllowlist, scheme: r.scheme, hmacSecret: stored.hmacSecret, publicKey: stored.publicKey };
  }
}

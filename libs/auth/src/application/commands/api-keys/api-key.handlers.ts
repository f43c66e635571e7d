import { randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import {
  AccountStatus,
  ApiKeyPermission,
  ApiKeyRecord,
  AuthError,
  AuthErrorCode,
  MAX_API_KEYS_PER_USER,
  MAX_IP_ALLOWLIST,
  ed25519Raw,
  ipMatcher,
  isLive,
  parseAllowlistEntry,
  parseEd25519PublicKey,
} from '../../../domain';
import { ApiKeyCache, ApiKeyEntry } from '../../api-key-cache';
import { ApiKeyRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
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

/** Revokes at once: the key caches (this instance's and, over the bus, the others') drop it after the commit. */
@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
  ) {}

  async execute({ userId, keyId }: RevokeApiKeyCommand): Promise<void> {
    if (!(await this.keys.revoke(userId, keyId, this.clock.now()))) throw new AuthError(AuthErrorCode.API_KEY_NOT_FOUND, 'No such live API key of yours');
    this.principals.invalidateApiKey(keyId);
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
 * A signed request's key (docs/api-keys.md): from the ApiKeyCache, else one
 * read by primary key and one of its owner, the material made ready once
 * (secret decrypted, public key parsed). The rules are applied on every
 * request: a revoked or expired key, a suspended owner are refused.
 */
@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly cache: ApiKeyCache,
  ) {}

  async execute({ keyId }: AuthenticateApiKeyQuery): Promise<ApiKeyCredentials> {
    const entry = /^ak_[\w-]{22}$/.test(keyId) ? await this.cache.key(keyId, () => this.load(keyId)) : null;
    if (!entry || !isLive(entry.record, this.clock.now())) throw new AuthError(AuthErrorCode.API_KEY_INVALID, 'Unknown, revoked or expired API key');
    if (entry.owner.status === AccountStatus.SUSPENDED) throw new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    const r = entry.record;
    return {
      keyId: r.id,
      userId: r.userId,
      email: entry.owner.email,
      role: entry.owner.role,
      permissions: r.permissions,
      ipAllowlist: r.ipAllowlist,
      scheme: r.scheme,
      hmacSecret: entry.hmacSecret,
      publicKey: entry.publicKey,
      allowsIp: entry.allowsIp,
    };
  }

  private async load(keyId: string): Promise<ApiKeyEntry | null> {
    const stored = await this.keys.find(keyId);
    if (!stored) return null;
    const user = await this.users.findById(stored.record.userId);
    if (!user) return null;
    return {
      record: stored.record,
      hmacSecret: stored.hmacSecret,
      publicKey: stored.publicKey === null ? null : parseEd25519PublicKey(stored.publicKey),
      allowsIp: ipMatcher(stored.record.ipAllowlist),
      owner: { email: user.email, role: user.role, status: user.status },
    };
  }
}

import { ApiKeyPermission, ApiKeyRecord } from '../../domain';
import { ApiKeyRepository, NewApiKey, StoredApiKey } from '../ports';

/** auth.api_keys in memory (mirrors SqlApiKeyRepository); counts the reads by id (what the key cache saves). */
export class InMemoryApiKeys extends ApiKeyRepository {
  private readonly keys = new Map<string, StoredApiKey>();
  readonly finds: string[] = [];

  /** A key without material, for specs about records only. */
  add(record: Omit<ApiKeyRecord, 'revokedAt'>): void {
    this.keys.set(record.id, { record: { ...record, revokedAt: null }, hmacSecret: null, publicKey: 'pk' });
  }

  async insert({ record, hmacSecret, publicKey }: NewApiKey): Promise<void> {
    this.keys.set(record.id, { record, hmacSecret, publicKey });
  }

  async ofUser(userId: string, withRevoked: boolean): Promise<ApiKeyRecord[]> {
    return [...this.keys.values()].map((k) => k.record).filter((r) => r.userId === userId && (withRevoked || r.revokedAt === null));
  }

  async countLive(userId: string, now: Date): Promise<number> {
    return (await this.ofUser(userId, false)).filter((r) => r.expiresAt === null || r.expiresAt > now).length;
  }

  async find(id: string): Promise<StoredApiKey | null> {
    this.finds.push(id);
    return this.keys.get(id) ?? null;
  }

  async revoke(userId: string, id: string, at: Date): Promise<boolean> {
    const key = this.keys.get(id);
    if (!key || key.record.userId !== userId || key.record.revokedAt !== null) return false;
    this.keys.set(id, { ...key, record: { ...key.record, revokedAt: at } });
    return true;
  }

  async revokeOfUser(userId: string, at: Date, permission?: ApiKeyPermission): Promise<string[]> {
    const ids = (await this.ofUser(userId, false)).filter((r) => !permission || r.permissions.includes(permission)).map((r) => r.id).sort();
    for (const id of ids) await this.revoke(userId, id, at);
    return ids;
  }
}

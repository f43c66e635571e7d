import { ApiKeyPermission, ApiKeyRecord } from '../../domain';
import { ApiKeyRepository, NewApiKey, StoredApiKey } from '../ports';

/** Mirrors SqlApiKeyRepository for handler specs (records only; no secrets to seal). */
export class InMemoryApiKeys extends ApiKeyRepository {
  readonly keys = new Map<string, StoredApiKey>();

  add(record: Omit<ApiKeyRecord, 'revokedAt'>): void {
    this.keys.set(record.id, { record: { ...record, revokedAt: null }, hmacSecret: null, publicKey: 'pk' });
  }

  async insert(key: NewApiKey): Promise<void> {
    this.keys.set(key.record.id, key);
  }

  async ofUser(userId: string, withRevoked: boolean): Promise<ApiKeyRecord[]> {
    return [...this.keys.values()].map((k) => k.record).filter((r) => r.userId === userId && (withRevoked || r.revokedAt === null));
  }

  async countLive(userId: string, now: Date): Promise<number> {
    return (await this.ofUser(userId, false)).filter((r) => r.expiresAt === null || r.expiresAt > now).length;
  }

  async find(id: string): Promise<StoredApiKey | null> {
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

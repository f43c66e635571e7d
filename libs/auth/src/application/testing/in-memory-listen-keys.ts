import { AccountStatus, ListenKeyCredential, ListenKeyRecord, ListenKeyStanding } from '../../domain';
import { ListenKeyRepository } from '../ports';

/** auth.listen_keys in memory, with the credentials and account statuses its SQL joins (set by the spec). */
export class InMemoryListenKeys extends ListenKeyRepository {
  readonly rows = new Map<string, ListenKeyRecord>();
  /** By API key id or session id; absent: the credential row is gone. */
  readonly credentials = new Map<string, ListenKeyCredential>();
  readonly statuses = new Map<string, AccountStatus>();
  readonly locked: string[] = [];

  async lockUser(userId: string): Promise<void> {
    this.locked.push(userId);
  }

  async insert(key: ListenKeyRecord): Promise<void> {
    if (this.rows.has(key.id)) throw new Error('duplicate key_hash');
    this.rows.set(key.id, { ...key });
  }

  async find(id: string): Promise<ListenKeyStanding | null> {
    const row = this.rows.get(id);
    return row ? this.standing(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<ListenKeyStanding[]> {
    return ids.flatMap((id) => (this.rows.has(id) ? [this.standing(this.rows.get(id)!)] : []));
  }

  async openOfUser(userId: string, now: Date): Promise<ListenKeyStanding[]> {
    return [...this.rows.values()]
      .filter((r) => r.userId === userId && r.closedAt === null && r.expiresAt > now)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime())
      .map((r) => this.standing(r));
  }

  async extend(id: string, now: Date, expiresAt: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.closedAt !== null || row.expiresAt <= now) return false;
    this.rows.set(id, { ...row, expiresAt });
    return true;
  }

  async close(ids: readonly string[], at: Date): Promise<string[]> {
    const closed = ids.filter((id) => this.rows.get(id)?.closedAt === null);
    for (const id of closed) this.rows.set(id, { ...this.rows.get(id)!, closedAt: at });
    return closed;
  }

  async pruneOfUser(userId: string, before: Date): Promise<number> {
    const ended = [...this.rows.values()].filter((r) => r.userId === userId && ((r.closedAt !== null && r.closedAt < before) || r.expiresAt < before));
    for (const r of ended) this.rows.delete(r.id);
    return ended.length;
  }

  private standing(row: ListenKeyRecord): ListenKeyStanding {
    return { ...row, credential: this.credentials.get(row.apiKeyId ?? row.sessionId ?? '') ?? null, accountStatus: this.statuses.get(row.userId) ?? AccountStatus.ACTIVE };
  }
}

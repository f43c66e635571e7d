import { randomBytes, randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { AccountStatus, ListenKeyRecord, listenKeyState } from '../../domain';
import { SqlListenKeyRepository } from './sql-listen-key.repository';

/**
 * The listen keys' SQL on the real PostgreSQL: only the hash stored, the
 * credential and the owner read with the key, conditional extension and
 * closing, the per-user prune and lock, and the table's constraints.
 */
describe('SqlListenKeyRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repository: SqlListenKeyRepository;
  const now = new Date('2026-12-07T10:00:00.123Z');
  const minutes = (n: number): Date => new Date(now.getTime() + n * 60_000);

  beforeAll(async () => {
    db = await openTestDatabase();
    repository = new SqlListenKeyRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const sql = (text: string, params: unknown[] = []): Promise<unknown> => db.txHost.tx.query(text, params);
  async function aUser(status: AccountStatus = AccountStatus.ACTIVE): Promise<string> {
    const id = randomUUID();
    await sql(`INSERT INTO auth.users (id, email, name, password_hash, role, status, settings) VALUES ($1, $2, 'Bot owner', 'h', 'USER', $3, '{}')`, [id, `${id}@example.com`, status]);
    return id;
  }
  async function anApiKey(userId: string, expiresAt: Date | null = null): Promise<string> {
    const id = `ak_${randomBytes(16).toString('base64url')}`;
    await sql(`INSERT INTO auth.api_keys (id, user_id, label, scheme, permissions, public_key, expires_at, created_at) VALUES ($1, $2, 'bot', 'ED25519', '{READ}', 'pk', $3, $4)`, [id, userId, expiresAt, now]);
    return id;
  }
  async function aSession(userId: string, expiresAt = minutes(60 * 24)): Promise<string> {
    const id = randomUUID();
    await sql(`INSERT INTO auth.sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [id, userId, now, expiresAt]);
    return id;
  }
  const key = (userId: string, origin: { apiKeyId: string } | { sessionId: string }, expiresAt = minutes(60), createdAt = now): ListenKeyRecord => ({
    id: randomBytes(32).toString('hex'),
    userId,
    apiKeyId: 'apiKeyId' in origin ? origin.apiKeyId : null,
    sessionId: 'sessionId' in origin ? origin.sessionId : null,
    createdAt,
    expiresAt,
    closedAt: null,
  });

  it('stores the hash only, and reads a key back with its credential and its owner\'s status', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      const apiKeyId = await anApiKey(user, minutes(600));
      const k = key(user, { apiKeyId });
      await repository.insert(k);
      const [row] = (await sql(`SELECT encode(key_hash, 'hex') AS hash, octet_length(key_hash) AS bytes FROM auth.listen_keys WHERE user_id = $1`, [user])) as { hash: string; bytes: number }[];
      expect(row).toEqual({ hash: k.id, bytes: 32 });
      expect(await repository.find(k.id)).toEqual({ ...k, credential: { revokedAt: null, expiresAt: minutes(600) }, accountStatus: AccountStatus.ACTIVE });
      expect(await repository.find(randomBytes(32).toString('hex'))).toBeNull();
    }));

  it('reads the credential\'s end: a revoked API key, a logged-out or expired session, a suspended owner', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      const apiKeyId = await anApiKey(user);
      const sessionId = await aSession(user, minutes(30));
      const [byKey, bySession] = [key(user, { apiKeyId }), key(user, { sessionId })];
      await repository.insert(byKey);
      await repository.insert(bySession);
      expect(listenKeyState((await repository.find(byKey.id))!, now)).toBe('LIVE');
      expect(listenKeyState((await repository.find(bySession.id))!, now)).toBe('LIVE');
      // The session expires before the listen key would: the key ends with it.
      expect(listenKeyState((await repository.find(bySession.id))!, minutes(30))).toBe('CLOSED');
      await sql(`UPDATE auth.api_keys SET revoked_at = $2 WHERE id = $1`, [apiKeyId, now]);
      await sql(`UPDATE auth.sessions SET revoked_at = $2, revoked_reason = 'LOGOUT' WHERE id = $1`, [sessionId, now]);
      expect((await repository.find(byKey.id))!.credential).toEqual({ revokedAt: now, expiresAt: null });
      expect(listenKeyState((await repository.find(byKey.id))!, now)).toBe('CLOSED');
      expect(listenKeyState((await repository.find(bySession.id))!, now)).toBe('CLOSED');
      await sql(`UPDATE auth.users SET status = 'SUSPENDED' WHERE id = $1`, [user]);
      expect((await repository.find(byKey.id))!.accountStatus).toBe(AccountStatus.SUSPENDED);
    }));

  it('lists a user\'s open, unexpired keys, soonest expiry first; never another user\'s, a closed or an expired one', () =>
    db.rolledBack(async () => {
      const [user, other] = [await aUser(), await aUser()];
      const [apiKeyId, theirs] = [await anApiKey(user), await anApiKey(other)];
      const [late, soon, expired, closed] = [key(user, { apiKeyId }, minutes(50)), key(user, { apiKeyId }, minutes(5)), key(user, { apiKeyId }, now), key(user, { apiKeyId }, minutes(40))];
      for (const k of [late, soon, expired, closed, key(other, { apiKeyId: theirs })]) await repository.insert(k);
      expect(await repository.close([closed.id], now)).toEqual([closed.id]);
      expect((await repository.openOfUser(user, now)).map((k) => k.id)).toEqual([soon.id, late.id]);
    }));

  it('extends an open, unexpired key only', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      const apiKeyId = await anApiKey(user);
      const [open, expired, closed] = [key(user, { apiKeyId }, minutes(10)), key(user, { apiKeyId }, now), key(user, { apiKeyId }, minutes(10))];
      for (const k of [open, expired, closed]) await repository.insert(k);
      await repository.close([closed.id], now);
      expect(await repository.extend(open.id, now, minutes(60))).toBe(true);
      expect((await repository.find(open.id))!.expiresAt).toEqual(minutes(60));
      expect(await repository.extend(expired.id, now, minutes(60))).toBe(false);
      expect(await repository.extend(closed.id, now, minutes(60))).toBe(false);
      expect((await repository.find(expired.id))!.expiresAt).toEqual(now);
    }));

  it('closes open keys once: answers what it closed; several at once; the closed ones are still found', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      const sessionId = await aSession(user);
      const [a, b, c] = [key(user, { sessionId }), key(user, { sessionId }), key(user, { sessionId })];
      for (const k of [a, b, c]) await repository.insert(k);
      expect(await repository.close([a.id], now)).toEqual([a.id]);
      expect(await repository.close([a.id], minutes(1))).toEqual([]);
      expect((await repository.close([a.id, b.id, c.id], minutes(1))).sort()).toEqual([b.id, c.id].sort());
      const found = await repository.findMany([a.id, b.id, randomBytes(32).toString('hex')]);
      expect(found.map((k) => [k.id, k.closedAt]).sort()).toEqual([[a.id, now], [b.id, minutes(1)]].sort());
      expect(await repository.findMany([])).toEqual([]);
    }));

  it('prunes only the user\'s keys that ended before the cutoff', () =>
    db.rolledBack(async () => {
      const [user, other] = [await aUser(), await aUser()];
      const [mine, theirs] = [await aSession(user), await aSession(other)];
      const expiredLongAgo = key(user, { sessionId: mine }, minutes(-60 * 25), minutes(-60 * 26));
      const closedLongAgo = key(user, { sessionId: mine }, minutes(60));
      const expiredRecently = key(user, { sessionId: mine }, minutes(-5), minutes(-65));
      const open = key(user, { sessionId: mine });
      const othersOld = key(other, { sessionId: theirs }, minutes(-60 * 25), minutes(-60 * 26));
      for (const k of [expiredLongAgo, closedLongAgo, expiredRecently, open, othersOld]) await repository.insert(k);
      await repository.close([closedLongAgo.id], minutes(-60 * 25));
      expect(await repository.pruneOfUser(user, minutes(-60 * 24))).toBe(2);
      expect((await repository.findMany([expiredLongAgo.id, closedLongAgo.id, expiredRecently.id, open.id, othersOld.id])).map((k) => k.id).sort()).toEqual(
        [expiredRecently.id, open.id, othersOld.id].sort(),
      );
    }));

  it('refuses a key with both credentials or none, and a hash that is not 32 bytes', async () => {
    const insert = (hash: Buffer, withKey: boolean, withSession: boolean) =>
      db.rolledBack(async () => {
        const user = await aUser();
        const [apiKeyId, sessionId] = [await anApiKey(user), await aSession(user)];
        await sql(`INSERT INTO auth.listen_keys (key_hash, user_id, api_key_id, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4, now(), now())`, [
          hash,
          user,
          withKey ? apiKeyId : null,
          withSession ? sessionId : null,
        ]);
      });
    await expect(insert(randomBytes(32), true, true)).rejects.toThrow(/listen_keys_credential_check/);
    await expect(insert(randomBytes(32), false, false)).rejects.toThrow(/listen_keys_credential_check/);
    await expect(insert(randomBytes(16), true, false)).rejects.toThrow(/listen_keys_hash_check/);
    await expect(insert(randomBytes(32), false, true)).resolves.toBeUndefined();
  });

  it('queues a second creator of the same user behind the first until it commits; another user is not held', async () => {
    const user = randomUUID();
    const first = await db.begin();
    const second = await db.begin();
    const third = await db.begin();
    try {
      await first.run(() => repository.lockUser(user));
      let passed = false;
      const waiting = second.run(() => repository.lockUser(user)).then(() => (passed = true));
      await db.waitUntilBlocked(second.pid);
      await third.run(() => repository.lockUser(randomUUID()));
      expect(passed).toBe(false);
      await first.commit();
      await waiting;
      expect(passed).toBe(true);
    } finally {
      await Promise.all([first.rollback(), second.rollback(), third.rollback()]);
    }
  });
});

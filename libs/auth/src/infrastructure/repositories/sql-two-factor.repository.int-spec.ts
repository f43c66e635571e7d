import { randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '@lib/platform';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { SqlTwoFactorRepository } from './sql-two-factor.repository';

describe('SqlTwoFactorRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SqlTwoFactorRepository;
  const at = new Date('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new SqlTwoFactorRepository(db.txHost, { apiKeys: { encryptionKey: randomBytes(32) } } as AppConfig);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function aUser(): Promise<string> {
    const id = randomUUID();
    await db.txHost.tx.query(
      `INSERT INTO auth.users (id, email, name, password_hash, role, status, settings) VALUES ($1, $2, 'T', 'h', 'USER', 'ACTIVE', '{}')`,
      [id, `${id}@example.com`],
    );
    return id;
  }

  it('keeps the secret encrypted, replaces a pending one, enables once, then refuses a new setup', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      expect(await repo.savePending(user, 'JBSWY3DPEHPK3PXP', at)).toBe(true);
      expect(await repo.savePending(user, 'KRSXG5CTMVRXEZLU', at)).toBe(true);
      const [row] = await db.txHost.tx.query(`SELECT secret_ciphertext FROM auth.two_factor WHERE user_id = $1`, [user]);
      expect(Buffer.from(row.secret_ciphertext).toString('utf8')).not.toContain('KRSXG5CTMVRXEZLU');
      expect(await repo.find(user)).toMatchObject({ status: 'PENDING', secret: 'KRSXG5CTMVRXEZLU', lastUsedStep: null, enabledAt: null });

      expect(await repo.enable(user, 100, ['h1', 'h2'], at)).toBe(true);
      expect(await repo.enable(user, 101, ['h3'], at)).toBe(false);
      expect(await repo.find(user)).toMatchObject({ status: 'ENABLED', lastUsedStep: 100, enabledAt: at });
      expect(await repo.savePending(user, 'JBSWY3DPEHPK3PXP', at)).toBe(false);
      expect((await repo.find(user))?.secret).toBe('KRSXG5CTMVRXEZLU');
      expect(await repo.recoveryCodesLeft(user)).toBe(2);
    }));

  it('uses a step only after the last one, and a recovery code once', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      await repo.savePending(user, 'JBSWY3DPEHPK3PXP', at);
      expect(await repo.useStep(user, 5)).toBe(false); // not enabled yet
      await repo.enable(user, 100, ['h1', 'h2'], at);
      expect(await repo.useStep(user, 100)).toBe(false);
      expect(await repo.useStep(user, 99)).toBe(false);
      expect(await repo.useStep(user, 101)).toBe(true);
      expect(await repo.useStep(user, 101)).toBe(false);
      expect(await repo.useRecoveryCode(user, 'h1', at)).toBe(true);
      expect(await repo.useRecoveryCode(user, 'h1', at)).toBe(false);
      expect(await repo.useRecoveryCode(user, 'nope', at)).toBe(false);
      expect(await repo.recoveryCodesLeft(user)).toBe(1);
      expect(await repo.remove(user)).toBe(true);
      expect(await repo.remove(user)).toBe(false);
      expect(await repo.find(user)).toBeNull();
      expect(await repo.recoveryCodesLeft(user)).toBe(0);
    }));

  it('lets one of two transactions racing with one step win', async () => {
    const user = randomUUID();
    await db.transaction(async () => {
      await db.txHost.tx.query(`INSERT INTO auth.users (id, email, name, password_hash, role, status, settings) VALUES ($1, $2, 'T', 'h', 'USER', 'ACTIVE', '{}')`, [user, `${user}@example.com`]);
      await repo.savePending(user, 'JBSWY3DPEHPK3PXP', at);
      await repo.enable(user, 100, [], at);
    });
    const first = await db.begin();
    const second = await db.begin();
    expect(await first.run(() => repo.useStep(user, 101))).toBe(true);
    const racing = second.run(() => repo.useStep(user, 101));
    await db.waitUntilBlocked(second.pid);
    await first.commit();
    expect(await racing).toBe(false);
    await second.rollback();
  });

  it('uses a live challenge once; an expired one never', () =>
    db.rolledBack(async () => {
      const user = await aUser();
      const expiresAt = new Date(at.getTime() + 300_000);
      await repo.createChallenge('hash-1', { userId: user, client: { ip: '203.0.113.7', userAgent: null }, expiresAt }, at);
      expect(await repo.findChallenge('hash-1', at)).toEqual({ userId: user, client: { ip: '203.0.113.7', userAgent: null }, expiresAt });
      expect(await repo.findChallenge('hash-1', expiresAt)).toBeNull();
      expect(await repo.useChallenge('hash-1', expiresAt)).toBe(false);
      expect(await repo.useChallenge('hash-1', at)).toBe(true);
      expect(await repo.useChallenge('hash-1', at)).toBe(false);
      expect(await repo.findChallenge('hash-1', at)).toBeNull();
      // A new challenge of the user sweeps the expired ones.
      await repo.createChallenge('hash-2', { userId: user, client: { ip: '203.0.113.7', userAgent: 'x' }, expiresAt: new Date(expiresAt.getTime() + 600_000) }, new Date(expiresAt.getTime() + 1));
      expect((await db.txHost.tx.query(`SELECT token_hash FROM auth.mfa_challenges WHERE user_id = $1`, [user])).map((r: { token_hash: string }) => r.token_hash)).toEqual(['hash-2']);
    }));
});

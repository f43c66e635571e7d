import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { SqlKillSwitchRepository } from './sql-kill-switch.repository';

describe('SqlKillSwitchRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SqlKillSwitchRepository;
  const day = new Date('2026-12-07T00:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new SqlKillSwitchRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('arms, triggers once per UTC day, keeps the trigger when re-armed, clears', () =>
    db.rolledBack(async () => {
    const user = randomUUID();
    expect(await repo.arm(user, 'USDT', 100n, new Date('2026-12-07T08:00:00Z'))).toEqual({ userId: user, asset: 'USDT', maxDailyLoss: 100n, triggeredAt: null });
    expect((await repo.armedSince(day)).some((s) => s.userId === user)).toBe(true);
    const at = new Date('2026-12-07T09:00:00Z');
    expect(await repo.trigger(user, 'USDT', at, day)).toBe(true);
    // A second trigger the same day (another instance, a repeat): not again.
    expect(await repo.trigger(user, 'USDT', new Date('2026-12-07T09:00:01Z'), day)).toBe(false);
    expect((await repo.triggeredSince(day)).find((s) => s.userId === user)?.triggeredAt).toEqual(at);
    expect((await repo.armedSince(day)).some((s) => s.userId === user)).toBe(false);
    // Re-armed with another limit: still triggered.
    expect(await repo.arm(user, 'USDT', 50n, new Date('2026-12-07T10:00:00Z'))).toEqual({ userId: user, asset: 'USDT', maxDailyLoss: 50n, triggeredAt: at });
    // The next day it is armed again.
    expect((await repo.armedSince(new Date('2026-12-08T00:00:00Z'))).some((s) => s.userId === user)).toBe(true);
    expect(await repo.clear(user, 'USDT')).toBe(true);
    expect(await repo.clear(user, 'USDT')).toBe(false);
    expect(await repo.ofUser(user)).toEqual([]);
    }));
});

import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import type { BacktestRequest } from '../application/backtest-request';
import { StrategyType } from '../domain';
import { SqlBacktestRunRepository } from './sql-backtest-run.repository';

/**
 * backtests.runs on the real PostgreSQL: a user's list newest first by cursor without results,
 * the claim (oldest first, the per-user RUNNING cap, SKIP LOCKED between two claimers), the
 * conditional progress / finish / cancel, and the sweep of runs whose heartbeat stopped.
 */
describe('SqlBacktestRunRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SqlBacktestRunRepository;
  const t0 = new Date('2026-12-07T10:00:00.000Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const request: BacktestRequest = {
    symbol: 'BTC-USDT',
    interval: '1m' as BacktestRequest['interval'],
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-02-01T00:00:00.000Z',
    strategy: { type: StrategyType.SMA_CROSSOVER, params: { fast: 20, slow: 50 } },
    initialCapital: '1000.000000',
    feeRate: '0.001',
    slippageBps: 5,
    positionSizing: { type: 'ALL_IN' },
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new SqlBacktestRunRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const submit = (userId: string, s = 0) => repo.insert({ id: randomUUID(), userId, request, createdAt: at(s) });

  it('stores a run QUEUED with its request, and lists a user\'s newest first by cursor, without results', () =>
    db.rolledBack(async () => {
      const [user, other] = [randomUUID(), randomUUID()];
      const a = await submit(user, 1);
      const b = await submit(user, 2);
      const c = await submit(user, 3);
      await submit(other, 4);
      expect(a).toMatchObject({ userId: user, request, status: 'QUEUED', progress: 0, result: null, errorCode: null, startedAt: null, finishedAt: null, createdAt: at(1) });
      expect((await repo.list(user, null, 2)).map((r) => r.id)).toEqual([c.id, b.id]);
      expect((await repo.list(user, b.seq, 10)).map((r) => r.id)).toEqual([a.id]);
      expect(await repo.pendingCounts(user)).toMatchObject({ ofUser: 3 });
      expect(await repo.ofUser(other, a.id)).toBeNull();
    }));

  it('claims the oldest queued run, at most maxRunningPerUser of a user at once', () =>
    db.rolledBack(async () => {
      const [user, other] = [randomUUID(), randomUUID()];
      const a = await submit(user, 1);
      const b = await submit(user, 2);
      const c = await submit(other, 3);
      const first = await repo.claimNext(1, at(10));
      expect(first).toMatchObject({ id: a.id, status: 'RUNNING', startedAt: at(10) });
      // b waits for a (one running per user): the other user's run comes next.
      expect((await repo.claimNext(1, at(11)))?.id).toBe(c.id);
      expect(await repo.claimNext(1, at(12))).toBeNull();
      expect((await repo.claimNext(2, at(13)))?.id).toBe(b.id);
    }));

  it('never gives one run to two claimers (SKIP LOCKED)', async () => {
    const user = randomUUID();
    const run = await db.transaction(() => submit(user));
    const one = await db.begin();
    const two = await db.begin();
    try {
      const [x, y] = await Promise.all([one.run(() => repo.claimNext(5, at(1))), two.run(() => repo.claimNext(5, at(1)))]);
      expect([x?.id, y?.id].filter((id) => id === run.id)).toHaveLength(1);
    } finally {
      await one.rollback();
      await two.rollback();
      await db.query(`DELETE FROM backtests.runs WHERE user_id = $1`, [user]);
    }
  });

  it('stores progress and the end only while RUNNING; a cancelled run takes neither', () =>
    db.rolledBack(async () => {
      const user = randomUUID();
      const a = await submit(user);
      expect(await repo.progress(a.id, 10, at(1))).toBe(false); // QUEUED
      await repo.claimNext(5, at(1));
      expect(await repo.progress(a.id, 40, at(2))).toBe(true);
      expect(await repo.progress(a.id, 30, at(3))).toBe(true); // never backwards
      expect((await repo.ofUser(user, a.id))?.progress).toBe(40);
      expect(await repo.finish(a.id, { status: 'DONE', result: { candles: 3 } }, at(4))).toBe(true);
      expect(await repo.ofUser(user, a.id)).toMatchObject({ status: 'DONE', progress: 100, result: { candles: 3 }, finishedAt: at(4) });
      expect(await repo.cancel(a.id, at(5))).toBe(false);

      const b = await submit(user);
      await repo.claimNext(5, at(6));
      expect(await repo.cancel(b.id, at(7))).toBe(true);
      expect(await repo.progress(b.id, 50, at(8))).toBe(false);
      expect(await repo.finish(b.id, { status: 'FAILED', errorCode: 'WORKER_FAILED', error: 'x' }, at(9))).toBe(false);
      expect(await repo.ofUser(user, b.id)).toMatchObject({ status: 'CANCELLED', finishedAt: at(7), errorCode: null });
      expect(await repo.pendingCounts(user)).toMatchObject({ ofUser: 0 });
    }));

  it('fails RUNNING runs whose heartbeat is older than the limit, and only those', () =>
    db.rolledBack(async () => {
      const user = randomUUID();
      const a = await submit(user);
      const b = await submit(user);
      await repo.claimNext(5, at(0));
      await repo.claimNext(5, at(0));
      await repo.progress(b.id, 20, at(50));
      const failed = await repo.failStale(at(30), at(60));
      expect(failed.map((r) => r.id)).toEqual([a.id]);
      expect(await repo.ofUser(user, a.id)).toMatchObject({ status: 'FAILED', errorCode: 'INTERRUPTED', finishedAt: at(60) });
      expect((await repo.ofUser(user, b.id))?.status).toBe('RUNNING');
    }));
});

import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { FundingRecord } from '../../application/ports/funding.repository.port';
import { RiskError } from '../../domain';
import { SqlFundingRepository } from './sql-funding.repository';

/**
 * The funding tables on the real PostgreSQL: samples by interval (a sample on
 * a funding time belongs to the interval it ends), the record's key (a second
 * record of a funding time writes nothing and leaves the transaction usable:
 * what makes FUND's refusal clean), the history's pages. Each test runs in a
 * transaction rolled back at its end, on a market of its own.
 */
describe('SqlFundingRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SqlFundingRepository;
  const market = () => `INT${randomUUID().slice(0, 6).toUpperCase()}-PERP`;
  const T = new Date('2026-12-06T08:00:00.000Z');
  const H = 3_600_000;
  const E30 = 10n ** 30n;

  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new SqlFundingRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const record = (symbol: string, fundingTime: Date, over: Partial<FundingRecord> = {}): FundingRecord => ({
    symbol,
    fundingTime,
    rate: -12_345n,
    mark: 5_000_001n,
    paid: E30 + 3n,
    received: E30,
    remainder: 3n,
    positions: 2,
    settledAt: new Date(fundingTime.getTime() + 250),
    ...over,
  });

  it('keeps the samples of an interval (from, to], signed, past what a JS number holds', async () => {
    const symbol = market();
    await db.rolledBack(async () => {
      await repo.addSample(symbol, new Date(T.getTime() - 8 * H), 999n); // the previous interval's end
      await repo.addSample(symbol, new Date(T.getTime() - 8 * H + 1), -E30);
      await repo.addSample(symbol, new Date(T.getTime() - 1), 5n);
      await repo.addSample(symbol, new Date(T.getTime() - 1), 6n); // the same instant: ignored
      await repo.addSample(symbol, T, 7n);
      await repo.addSample(market(), T, 1n);
      expect(await repo.samples(symbol, new Date(T.getTime() - 8 * H), T)).toEqual([-E30, 5n, 7n]);
      await repo.pruneSamples(new Date(T.getTime() - 1));
      expect(await repo.samples(symbol, new Date(0), T)).toEqual([7n]);
    });
  });

  it('records a funding time once: the second record writes nothing, and the transaction goes on', async () => {
    const symbol = market();
    await db.rolledBack(async () => {
      expect(await repo.record(record(symbol, T))).toBe(true);
      expect(await repo.record(record(symbol, T, { rate: 1n }))).toBe(false);
      expect(await repo.last(symbol)).toEqual(record(symbol, T));
      expect(await repo.settledTimes(symbol, new Date(T.getTime() - H), T)).toEqual([T]);
      expect(await repo.record(record(symbol, new Date(T.getTime() + 8 * H)))).toBe(true);
      expect((await repo.last(symbol))?.fundingTime).toEqual(new Date(T.getTime() + 8 * H));
      expect(await repo.last(market())).toBeNull();
    });
  });

  it('two transactions recording the same funding time at once (two instances): the second waits, then writes nothing', async () => {
    const symbol = market();
    const one = await db.begin();
    const two = await db.begin();
    try {
      expect(await one.run(() => repo.record(record(symbol, T)))).toBe(true);
      const racing = two.run(() => repo.record(record(symbol, T, { rate: 1n })));
      await db.waitUntilBlocked(two.pid);
      await one.commit();
      expect(await racing).toBe(false);
      // Its transaction is still usable: the refusal does not abort it.
      expect(await two.run(() => repo.last(symbol))).toEqual(record(symbol, T));
      await two.rollback();
    } finally {
      await one.rollback().catch(() => undefined);
      await two.rollback().catch(() => undefined);
      await db.query(`DELETE FROM risk.funding_rates WHERE symbol = $1`, [symbol]);
    }
  });

  it('refuses a record whose sums do not balance (paid = received + remainder, all >= 0)', async () => {
    const symbol = market();
    await expect(db.rolledBack(() => repo.record(record(symbol, T, { remainder: 4n })))).rejects.toThrow(/funding_rates_sums_check/);
  });

  it('pages the history newest first with a cursor, and refuses a cursor it did not give', async () => {
    const symbol = market();
    await db.rolledBack(async () => {
      for (let i = 0; i < 5; i++) await repo.record(record(symbol, new Date(T.getTime() + i * H)));
      const first = await repo.history(symbol, { limit: 2 });
      expect(first.items.map((r) => r.fundingTime.getTime() - T.getTime())).toEqual([4 * H, 3 * H]);
      const second = await repo.history(symbol, { limit: 2, cursor: first.next! });
      expect(second.items.map((r) => r.fundingTime.getTime() - T.getTime())).toEqual([2 * H, H]);
      const third = await repo.history(symbol, { limit: 2, cursor: second.next! });
      expect(third.items.map((r) => r.fundingTime.getTime() - T.getTime())).toEqual([0]);
      expect(third.next).toBeNull();
      await expect(repo.history(symbol, { limit: 2, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(RiskError);
    });
  });
});

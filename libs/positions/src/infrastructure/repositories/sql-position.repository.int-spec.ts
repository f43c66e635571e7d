import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { EntityManager } from 'typeorm';
import { ClosedPosition, PositionRecord, PositionsError, flatRecord } from '../../domain';
import { SqlPositionRepository } from './sql-position.repository';

/**
 * The positions' SQL on the real PostgreSQL: the one-statement versioned
 * write the order write path relies on (all or nothing, in the caller's
 * transaction), the history's pages and the open interest. Most tests run in
 * a transaction rolled back at its end; the races commit, on users and
 * markets of their own.
 */
describe('SqlPositionRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let positions: SqlPositionRepository;
  const at = new Date('2026-12-01T12:00:00.000Z');
  const later = new Date('2026-12-01T12:00:05.250Z');
  const E30 = 10n ** 30n;

  beforeAll(async () => {
    db = await openTestDatabase();
    positions = new SqlPositionRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const market = () => `INT${randomUUID().slice(0, 6).toUpperCase()}-PERP`;

  /** A short of 10^30 quantity units, isolated, with a realized loss: every amount past what a JS number holds. */
  function short(userId: string, symbol: string, over: Partial<PositionRecord> = {}): PositionRecord {
    return {
      ...flatRecord(userId, symbol, 'USDT', at),
      leverage: 20,
      marginMode: 'ISOLATED',
      isolatedMargin: 5n * E30 + 1n,
      position: { size: -E30 - 7n, entryValue: 3n * E30 + 11n, realizedPnl: -(2n * E30) - 13n },
      fees: E30 + 17n,
      openedQuantity: 2n * E30,
      openedValue: 6n * E30,
      closedQuantity: E30 - 7n,
      closedValue: 3n * E30,
      openedAt: at,
      ...over,
    };
  }

  function closedOf(userId: string, symbol: string, closedAt: Date, over: Partial<ClosedPosition> = {}): ClosedPosition {
    return {
      userId,
      symbol,
      side: 'LONG',
      openedQuantity: E30,
      openedValue: 4n * E30,
      closedQuantity: E30,
      closedValue: 3n * E30,
      realizedPnl: -E30 - 1n,
      fees: 99n,
      openedAt: at,
      closedAt,
      ...over,
    };
  }

  const closedCount = async (userId: string) =>
    ((await db.txHost.tx.query(`SELECT count(*)::int AS n FROM positions.closed_positions WHERE user_id = $1`, [userId])) as { n: number }[])[0]!.n;

  describe('write', () => {
    it('round-trips a record with amounts of 10^30, a negative size and realized PnL, storing version + 1', async () => {
      const user = randomUUID();
      const symbol = market();
      const record = short(user, symbol);
      await db.rolledBack(async () => {
        expect(await positions.write([record], [])).toBe(true);
        expect(await positions.find(user, symbol)).toEqual({ ...record, version: 1 });

        const moved = { ...record, version: 1, position: { ...record.position, size: -1n }, openedAt: null, updatedAt: later };
        expect(await positions.write([moved], [])).toBe(true);
        expect(await positions.find(user, symbol)).toEqual({ ...moved, version: 2 });
        expect(await positions.find(user, market())).toBeNull();
      });
    });

    it('writes several rows and the closed positions in one statement', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const symbol = market();
      await db.rolledBack(async () => {
        expect(await positions.write([short(a, symbol)], [])).toBe(true);
        const statements = jest.spyOn(EntityManager.prototype, 'query');
        const rows = [{ ...short(a, symbol), version: 1, updatedAt: later }, short(b, symbol), short(b, market())];
        const ok = await positions.write(rows, [closedOf(a, symbol, later), closedOf(b, symbol, later, { side: 'SHORT' })]);
        const sent = statements.mock.calls.length;
        statements.mockRestore();

        expect(ok).toBe(true);
        expect(sent).toBe(1);
        const stored = await positions.ofUsers([a, b, randomUUID()]);
        expect([...stored.values()].map((list) => list.length)).toEqual([1, 2, 0]);
        expect(stored.get(a)).toEqual([{ ...rows[0], version: 2 }]);
        expect(await closedCount(a)).toBe(1);
        expect(await closedCount(b)).toBe(1);
      });
    });

    it('returns false and writes nothing, closed positions included, when one row is not at the version read', async () => {
      const user = randomUUID();
      const [symbol, other] = [market(), market()];
      await db.rolledBack(async () => {
        expect(await positions.write([short(user, symbol)], [])).toBe(true);
        // Read at version 0 (absent), but it is stored at 1: the fresh row beside it and the closed position go nowhere.
        const stale = { ...short(user, symbol), position: { size: 0n, entryValue: 0n, realizedPnl: 0n } };
        expect(await positions.write([short(user, other), stale], [closedOf(user, symbol, later)])).toBe(false);
        // A version ahead of the stored one is a conflict too.
        expect(await positions.write([{ ...short(user, symbol), version: 2 }], [closedOf(user, symbol, later)])).toBe(false);

        expect(await positions.find(user, other)).toBeNull();
        expect(await positions.find(user, symbol)).toEqual({ ...short(user, symbol), version: 1 });
        expect(await closedCount(user)).toBe(0);
        // The transaction is still usable: the caller may go on (or roll back).
        expect(await positions.write([{ ...short(user, symbol), version: 1 }], [])).toBe(true);
      });
    });

    it('keeps the table\'s rules: a flat size needs a zero entry value', async () => {
      await db.rolledBack(async () => {
        const broken = short(randomUUID(), market(), { position: { size: 0n, entryValue: 1n, realizedPnl: 0n } });
        await expect(positions.write([broken], [])).rejects.toThrow(/positions_flat_check/);
      });
    });
  });

  describe('two writers on the same version', () => {
    async function race(first: () => Promise<boolean>, second: () => Promise<boolean>) {
      const one = await db.begin();
      const two = await db.begin();
      try {
        const firstWrote = await one.run(first);
        const racing = two.run(second);
        await db.waitUntilBlocked(two.pid);
        await one.commit();
        const secondWrote = await racing;
        await two.commit().catch(() => two.rollback());
        return [firstWrote, secondWrote];
      } finally {
        await one.rollback();
        await two.rollback();
      }
    }

    afterAll(async () => {
      await db.query(`DELETE FROM positions.positions WHERE symbol LIKE 'INT%-PERP'`);
      await db.query(`DELETE FROM positions.closed_positions WHERE symbol LIKE 'INT%-PERP'`);
    });

    it('on a stored row: the second waits for the first, then finds it moved and writes nothing', async () => {
      const user = randomUUID();
      const [symbol, other] = [market(), market()];
      await db.transaction(() => positions.write([short(user, symbol)], []));
      const mine = (size: bigint) => ({ ...short(user, symbol), version: 1, position: { size, entryValue: 5n, realizedPnl: 0n } });

      const outcome = await race(
        () => positions.write([mine(-1n)], [closedOf(user, symbol, later)]),
        async () => {
          const wrote = await positions.write([short(user, other), mine(-2n)], [closedOf(user, symbol, later)]);
          // Found by the locked read, not by an error: the caller's transaction is still usable.
          expect(await positions.find(user, symbol)).toEqual({ ...mine(-1n), version: 2 });
          return wrote;
        },
      );

      expect(outcome).toEqual([true, false]);
      expect(await positions.find(user, symbol)).toEqual({ ...mine(-1n), version: 2 });
      expect(await positions.find(user, other)).toBeNull();
      expect(await closedCount(user)).toBe(1);
    });

    it('on a row both saw absent: the second\'s insert waits, conflicts, and its whole statement is undone', async () => {
      const user = randomUUID();
      const [symbol, other] = [market(), market()];

      const outcome = await race(
        () => positions.write([short(user, symbol)], [closedOf(user, symbol, later)]),
        async () => {
          const wrote = await positions.write([short(user, other), short(user, symbol, { leverage: 3 })], [closedOf(user, symbol, later)]);
          // Undone by the statement's own error: the transaction is aborted (the caller rolls back on false anyway).
          await expect(positions.find(user, symbol)).rejects.toThrow(/current transaction is aborted/);
          return wrote;
        },
      );

      expect(outcome).toEqual([true, false]);
      expect(await positions.find(user, symbol)).toEqual({ ...short(user, symbol), version: 1 });
      expect(await positions.find(user, other)).toBeNull();
      expect(await closedCount(user)).toBe(1);
    });
  });

  describe('history', () => {
    it('pages a user\'s closed positions newest first with an opaque cursor, optionally of one market', async () => {
      const user = randomUUID();
      const [btc, eth] = [market(), market()];
      const symbols = [btc, eth, btc, btc, eth];
      const lines = symbols.map((symbol, i) => closedOf(user, symbol, new Date(at.getTime() + i * 1000), { realizedPnl: BigInt(i) - E30 }));
      await db.rolledBack(async () => {
        expect(await positions.write([], lines.slice(0, 2))).toBe(true);
        expect(await positions.write([], lines.slice(2))).toBe(true);
        await positions.write([], [closedOf(randomUUID(), btc, later)]);

        const first = await positions.history(user, { limit: 2 });
        expect(first.items.map(({ id: _id, ...line }) => line)).toEqual([lines[4], lines[3]]);
        expect(first.items[0]!.id).toMatch(/^\d+$/);
        const second = await positions.history(user, { limit: 2, cursor: first.next! });
        expect(second.items.map((line) => line.closedAt)).toEqual([lines[2]!.closedAt, lines[1]!.closedAt]);
        const last = await positions.history(user, { limit: 2, cursor: second.next! });
        expect(last).toEqual({ items: [expect.objectContaining(lines[0])], next: null });

        const ofBtc = await positions.history(user, { symbol: btc, limit: 2 });
        expect(ofBtc.items.map((line) => line.closedAt)).toEqual([lines[3]!.closedAt, lines[2]!.closedAt]);
        const restOfBtc = await positions.history(user, { symbol: btc, limit: 2, cursor: ofBtc.next! });
        expect(restOfBtc).toEqual({ items: [expect.objectContaining(lines[0])], next: null });
        expect(await positions.history(user, { symbol: btc, limit: 3 })).toMatchObject({ next: null });
      });
    });

    it('refuses a cursor it did not write', async () => {
      for (const cursor of ['12', Buffer.from('p0').toString('base64url'), Buffer.from('p99999999999999999999').toString('base64url')]) {
        await expect(positions.history(randomUUID(), { limit: 2, cursor })).rejects.toThrow(PositionsError);
      }
    });
  });

  it('sums a market\'s open interest: longs and shorts, flat rows and other markets left out', async () => {
    const [symbol, other] = [market(), market()];
    const open = (size: bigint, on = symbol) => short(randomUUID(), on, { position: { size, entryValue: size === 0n ? 0n : 100n, realizedPnl: 0n } });
    await db.rolledBack(async () => {
      expect(await positions.openInterest(symbol)).toEqual({ long: 0n, short: 0n });
      await positions.write([open(E30 + 5n), open(-E30), open(-5n), open(0n), open(7n, other)], []);
      expect(await positions.openInterest(symbol)).toEqual({ long: E30 + 5n, short: E30 + 5n });
    });
  });
});

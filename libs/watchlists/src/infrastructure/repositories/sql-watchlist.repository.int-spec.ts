import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { Watchlist } from '../../domain';
import { SqlWatchlistRepository } from './sql-watchlist.repository';

/**
 * The watchlists' SQL on the real PostgreSQL: the one-statement replace (order,
 * renames, deletes, symbol arrays), the case-insensitive unique name, and the
 * per-user lock that makes two writes of one user queue.
 */
describe('SqlWatchlistRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repository: SqlWatchlistRepository;
  const at = new Date('2026-12-07T10:00:00.123Z');
  const later = new Date('2026-12-07T10:05:00.456Z');

  beforeAll(async () => {
    db = await openTestDatabase();
    repository = new SqlWatchlistRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const list = (userId: string, name: string, symbols: string[] = []): Watchlist => ({ id: randomUUID(), userId, name, symbols, createdAt: at, updatedAt: at });

  it('stores the lists in the order given and reads them back in it, symbols in their order', () =>
    db.rolledBack(async () => {
      const user = randomUUID();
      const [a, b, c] = [list(user, 'A', ['ETH-USDT', 'BTC-USDT']), list(user, 'B'), list(user, 'Ç "quoted" 🚀', ['SOL-PERP'])];
      await repository.replaceAll(user, [a, b, c]);
      expect(await repository.listOf(user)).toEqual([a, b, c]);
      await repository.replaceAll(user, [c, a, b]);
      expect((await repository.listOf(user)).map((l) => l.name)).toEqual([c.name, 'A', 'B']);
    }));

  it('renames, replaces symbols and deletes the rows left out, keeping createdAt; other users untouched', () =>
    db.rolledBack(async () => {
      const [user, other] = [randomUUID(), randomUUID()];
      const [a, b] = [list(user, 'A', ['BTC-USDT']), list(user, 'B')];
      const theirs = list(other, 'A');
      await repository.replaceAll(user, [a, b]);
      await repository.replaceAll(other, [theirs]);
      const renamed = { ...b, name: 'Renamed', symbols: ['AAPL-USD', 'BTC-PERP'], updatedAt: later };
      await repository.replaceAll(user, [renamed]);
      expect(await repository.listOf(user)).toEqual([renamed]);
      expect(await repository.listOf(other)).toEqual([theirs]);
    }));

  it('never takes over another user\'s row through its id', () =>
    db.rolledBack(async () => {
      const [user, other] = [randomUUID(), randomUUID()];
      const theirs = list(other, 'Theirs');
      await repository.replaceAll(other, [theirs]);
      await repository.replaceAll(user, [{ ...theirs, userId: user, name: 'Mine' }]);
      expect(await repository.listOf(other)).toEqual([theirs]);
      expect(await repository.listOf(user)).toEqual([]);
    }));

  it('refuses two names of one user that differ only by case', async () => {
    const user = randomUUID();
    await expect(db.rolledBack(() => repository.replaceAll(user, [list(user, 'Crypto'), list(user, 'CRYPTO')]))).rejects.toThrow(/watchlists_user_name_key/);
  });

  it('queues a second writer of the same user behind the first until it commits', async () => {
    const user = randomUUID();
    const first = await db.begin();
    const second = await db.begin();
    try {
      await first.run(() => repository.lockListsOf(user));
      const waiting = second.run(() => repository.lockListsOf(user));
      await db.waitUntilBlocked(second.pid);
      const created = list(user, 'First');
      await first.run(() => repository.replaceAll(user, [created]));
      await first.commit();
      expect(await waiting).toEqual([created]);
    } finally {
      await second.rollback();
      await db.query(`DELETE FROM watchlists.watchlists WHERE user_id = $1`, [user]);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { IdempotencyStore } from './idempotency-store';

/**
 * recordAll on the real PostgreSQL: what a market's batch relies on to store
 * the answers of its keyed orders in one statement, exactly once per key.
 */
describe('IdempotencyStore.recordAll (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await openTestDatabase();
    store = new IdempotencyStore(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const request = (scope: string, key: string) => ({ scope, key, requestHash: `hash-of-${key}` });
  const record = (scope: string, key: string, body: string) => ({ request: request(scope, key), response: { statusCode: 201, body } });

  it('stores every key with its answer in one statement, and a repeat finds it', async () => {
    const user = randomUUID();
    expect(await db.transaction(() => store.recordAll([record(user, 'k1', '{"a":1}'), record(user, 'k2', '{"b":2}')]))).toEqual([]);
    expect(await store.find(request(user, 'k1'))).toEqual({ kind: 'replayed', response: { statusCode: 201, body: '{"a":1}' } });
    expect(await store.find(request(user, 'k2'))).toEqual({ kind: 'replayed', response: { statusCode: 201, body: '{"b":2}' } });
    expect(await store.find({ ...request(user, 'k1'), requestHash: 'another body' })).toEqual({ kind: 'key-reused' });
  });

  it('returns the index of a key already stored, and stores the others', async () => {
    const user = randomUUID();
    await db.transaction(() => store.recordAll([record(user, 'k1', 'first')]));
    expect(await db.transaction(() => store.recordAll([record(user, 'k0', 'new'), record(user, 'k1', 'second'), record(randomUUID(), 'k1', 'other user')]))).toEqual([1]);
    expect(await store.find(request(user, 'k1'))).toMatchObject({ response: { body: 'first' } });
    expect(await store.find(request(user, 'k0'))).toMatchObject({ response: { body: 'new' } });
  });

  it('waits for a transaction holding the same key: taken when it commits, stored when it rolls back', async () => {
    const user = randomUUID();
    for (const [end, taken] of [['commit', [0]], ['rollback', []]] as const) {
      const key = `k-${end}`;
      const first = await db.begin();
      await first.run(() => store.recordAll([record(user, key, 'first')]));
      const second = await db.begin();
      const racing = second.run(() => store.recordAll([record(user, key, 'second')]));
      await db.waitUntilBlocked(second.pid);
      await (end === 'commit' ? first.commit() : first.rollback());
      expect(await racing).toEqual(taken);
      await second.commit();
      expect(await store.find(request(user, key))).toMatchObject({ response: { body: end === 'commit' ? 'first' : 'second' } });
    }
  });

  it('needs the caller\'s transaction (the answers must commit with the orders)', async () => {
    await expect(store.recordAll([record(randomUUID(), 'k', 'x')])).rejects.toThrow('recordAll needs the caller\'s transaction');
    expect(await store.recordAll([])).toEqual([]);
  });
});

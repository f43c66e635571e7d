import { randomUUID } from 'node:crypto';
import { EventBus } from '@nestjs/cqrs';
import {
  IntegrationEvent,
  IntegrationEventPublished,
  NewIntegrationEvent,
  OUTBOX_RELAY_LOCK_KEY,
  OutboxRelay,
  OutboxUserEvents,
  OutboxWriter,
  ProcessedEvents,
  TransactionHost,
  TransactionalAdapterTypeOrm,
} from '@lib/platform';
import { Client } from 'pg';
import { TestApp, startTestApp } from './support/test-app';

/*
 * The outbox relay is one per database (an advisory lock), and every e2e suite
 * boots apps on the run's database in parallel: a relay of another suite could
 * hold the lock and relay this suite's events to its own subscribers. So this
 * suite runs on a database of its own, next to the run's, on the same server.
 */
const runDatabaseUrl = process.env.TEST_DATABASE_URL!;
const suiteDatabaseUrl = (() => {
  const url = new URL(runDatabaseUrl);
  url.pathname = `${url.pathname}_outbox`;
  return url.toString();
})();
const suiteDatabase = new URL(suiteDatabaseUrl).pathname.slice(1);

// Takeovers wait for the one-second lock retry; every wait below is bounded by waitFor.
jest.setTimeout(30_000);

/** A row the relay has not published yet: after its cursor, in relay order. */
const UNPUBLISHED = "(tx_id, id) > (SELECT tx_id, id FROM platform.outbox_relay_cursor WHERE name = 'relay')";

const withRedis = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';

async function sqlClient(url = suiteDatabaseUrl): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Polls `condition` every 20 ms; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function txHost(t: TestApp): TransactionHost<TransactionalAdapterTypeOrm> {
  return t.app.get(TransactionHost) as TransactionHost<TransactionalAdapterTypeOrm>;
}

function relay(t: TestApp): OutboxRelay {
  return t.app.get(OutboxRelay);
}

/** Appends in a transaction of its own, which commits. */
function appendCommitted(t: TestApp, events: readonly NewIntegrationEvent[]): Promise<IntegrationEvent[]> {
  return txHost(t).withTransaction(() => t.app.get(OutboxWriter).append(events));
}

/** The outbox positions a collector's events came with (kept apart, so the events compare equal to what append returned). */
const positionsOf = new WeakMap<IntegrationEvent[], string[]>();

/** The event without its `position` (the outbox row id the relay adds), which goes to `positions`. */
function withoutPosition(event: IntegrationEvent, positions: string[]): IntegrationEvent {
  const { position, ...rest } = event;
  positions.push(position ?? 'none');
  return rest;
}

/** Every relayed event whose type starts with `prefix`, as this app's subscribers see them. */
function collect(t: TestApp, prefix: string): IntegrationEvent[] {
  const seen: IntegrationEvent[] = [];
  const positions: string[] = [];
  positionsOf.set(seen, positions);
  relay(t).subscribe('*', (event) => {
    if (event.type.startsWith(prefix)) seen.push(withoutPosition(event, positions));
  });
  return seen;
}

/** The batches of relayed events whose type starts with `prefix`, as this app's batch subscribers see them (positions dropped). */
function collectBatches(t: TestApp, prefix: string): IntegrationEvent[][] {
  const batches: IntegrationEvent[][] = [];
  relay(t).subscribeBatch('*', (events) => {
    const mine = events.filter((e) => e.type.startsWith(prefix));
    if (mine.length > 0) batches.push(mine.map((e) => withoutPosition(e, [])));
  });
  return batches;
}

let prefixes = 0;
/** A fresh event-type namespace per test, so the tests never see each other's events. */
function namespace(): string {
  prefixes += 1;
  return `t${prefixes}_${randomUUID().slice(0, 8)}.`;
}

const types = (events: readonly IntegrationEvent[]): string[] => events.map((e) => e.type);

describe('transactional outbox and relay (e2e)', () => {
  const apps = new Set<TestApp>();

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    const t = await startTestApp(env);
    apps.add(t);
    return t;
  }

  async function close(t: TestApp): Promise<void> {
    apps.delete(t);
    await t.close();
  }

  async function closeAll(): Promise<void> {
    for (const t of [...apps]) await close(t);
  }

  beforeAll(async () => {
    const admin = await sqlClient(runDatabaseUrl);
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(suiteDatabase)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(suiteDatabase)}`);
    } finally {
      await admin.end();
    }
    process.env.TEST_DATABASE_URL = suiteDatabaseUrl;
  });

  afterAll(async () => {
    await closeAll();
    process.env.TEST_DATABASE_URL = runDatabaseUrl;
    if (process.env.KEEP_TEST_DATABASE === '1') return;
    const admin = await sqlClient(runDatabaseUrl);
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(suiteDatabase)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  describe('one instance', () => {
    let t: TestApp;
    let sql: Client;

    beforeAll(async () => {
      t = await start();
      sql = await sqlClient();
      await waitFor('the relay to take the lock', () => relay(t).isLeader);
    });
    afterAll(async () => {
      await sql.end();
      await close(t);
    });

    it('delivers the events of committed transactions once each, in order', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      const first = await appendCommitted(t, [
        { type: `${ns}One`, payload: { amount: '10.00', asset: 'USDT' } },
        { type: `${ns}Two`, payload: { list: [1, 2], nested: { ok: true } } },
        { type: `${ns}Three`, payload: {}, occurredAt: new Date('2025-01-02T03:04:05.678Z') },
      ]);
      const second = await appendCommitted(t, [
        { type: `${ns}Four`, payload: { n: 4 } },
        { type: `${ns}Five`, payload: { n: 5 } },
      ]);

      await waitFor('5 events', () => seen.length >= 5);
      // What a subscriber receives is exactly the envelope append returned.
      expect(seen).toEqual([...first, ...second]);
      expect(seen[2]!.occurredAt).toBe('2025-01-02T03:04:05.678Z');

      // The cursor moves once the batch's subscribers have all returned, so after this one saw the events, not with it.
      await waitFor('the cursor past them', async () => {
        const r = await sql.query(`SELECT 1 FROM platform.outbox WHERE type LIKE $1 AND ${UNPUBLISHED}`, [`${ns}%`]);
        return r.rowCount === 0;
      });
      const rows = await sql.query<{ id: string; event_id: string; published: boolean }>(
        `SELECT id, event_id, NOT ${UNPUBLISHED} AS published FROM platform.outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`,
        [seen.map((e) => e.eventId)],
      );
      expect(rows.rows.map((r) => r.event_id)).toEqual(seen.map((e) => e.eventId));
      expect(rows.rows.every((r) => r.published)).toBe(true);
      // Each event carries its outbox row id as `position`.
      expect(positionsOf.get(seen)).toEqual(rows.rows.map((r) => r.id));

      // Anything relayed twice would arrive before a later event: none did.
      await appendCommitted(t, [{ type: `${ns}Marker`, payload: {} }]);
      await waitFor('the marker', () => seen.length >= 6);
      expect(types(seen)).toEqual(['One', 'Two', 'Three', 'Four', 'Five', 'Marker'].map((n) => ns + n));
    });

    it('gives a batch subscriber the events of a relay batch in one call, in relay order, before the cursor moves past it', async () => {
      const ns = namespace();
      const batches: IntegrationEvent[][] = [];
      const unpublishedWhileHandled: number[] = [];
      const unsubscribe = relay(t).subscribeBatch('*', async (events) => {
        const mine = events.filter((e) => e.type.startsWith(ns));
        if (mine.length === 0) return;
        const r = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform.outbox WHERE event_id = ANY($1::uuid[]) AND ${UNPUBLISHED}`, [
          mine.map((e) => e.eventId),
        ]);
        unpublishedWhileHandled.push(r.rows[0]!.n);
        batches.push(mine.map((e) => withoutPosition(e, [])));
      });
      const seen = collect(t, ns);
      try {
        // One transaction's rows become visible together: one relay batch.
        const appended = await appendCommitted(t, [1, 2, 3, 4, 5, 6].map((n) => ({ type: `${ns}E${n}`, payload: { n } })));
        await waitFor('the batch', () => batches.length >= 1 && seen.length >= 6);
        expect(batches).toEqual([appended]);
        expect(seen).toEqual(appended);
        expect(unpublishedWhileHandled).toEqual([6]);
        await appendCommitted(t, [{ type: `${ns}Marker`, payload: {} }]);
        await waitFor('the marker', () => batches.length >= 2);
        expect(batches[1]!.map((e) => e.type)).toEqual([`${ns}Marker`]);
        // The cursor moves past the marker's batch after this subscriber returns: wait for it rather than race it.
        await waitFor('the cursor past the marker', async () => {
          const r = await sql.query(`SELECT 1 FROM platform.outbox WHERE type LIKE $1 AND ${UNPUBLISHED}`, [`${ns}%`]);
          return r.rowCount === 0;
        });
        const published = await sql.query(`SELECT 1 FROM platform.outbox WHERE type LIKE $1 AND NOT ${UNPUBLISHED}`, [`${ns}%`]);
        expect(published.rowCount).toBe(7);
      } finally {
        unsubscribe();
      }
    });

    it('never delivers the events of a rolled-back transaction', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      let appended: IntegrationEvent[] = [];
      await expect(
        txHost(t).withTransaction(async () => {
          appended = await t.app.get(OutboxWriter).append([
            { type: `${ns}RolledBack`, payload: {} },
            { type: `${ns}RolledBackToo`, payload: {} },
          ]);
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      expect(appended).toHaveLength(2);

      await appendCommitted(t, [{ type: `${ns}Marker`, payload: {} }]);
      await waitFor('the marker', () => seen.length >= 1);
      expect(types(seen)).toEqual([`${ns}Marker`]);
      const rows = await sql.query(`SELECT 1 FROM platform.outbox WHERE event_id = ANY($1::uuid[])`, [appended.map((e) => e.eventId)]);
      expect(rows.rowCount).toBe(0);
    });

    it('refuses to append outside a transaction, and writes nothing', async () => {
      const eventId = randomUUID();
      await expect(t.app.get(OutboxWriter).append([{ type: 'outside.Tx', payload: {}, eventId }])).rejects.toThrow(
        /must run inside a transaction/,
      );
      const rows = await sql.query(`SELECT 1 FROM platform.outbox WHERE event_id = $1`, [eventId]);
      expect(rows.rowCount).toBe(0);
    });

    it('holds back later rows while an earlier transaction is in flight, then relays both in order', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      const early = await sqlClient();
      try {
        // T1 takes its transaction id and the smaller outbox id, and stays open.
        await early.query('BEGIN');
        await early.query(
          `INSERT INTO platform.outbox (event_id, type, payload, occurred_at) VALUES ($1, $2, '{}', now())`,
          [randomUUID(), `${ns}Early`],
        );
        // T2 starts after T1 and commits first.
        await appendCommitted(t, [{ type: `${ns}Late`, payload: {} }]);
        const polls = relay(t).status().polls;
        await waitFor('two more polls', () => relay(t).status().polls >= polls + 2);
        expect(seen).toEqual([]);
        await early.query('COMMIT');
      } finally {
        await early.end();
      }
      await waitFor('both events', () => seen.length >= 2);
      expect(types(seen)).toEqual([`${ns}Early`, `${ns}Late`]);
    });

    it('relays by writing transaction: one that began writing first comes first, even with the higher outbox id', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      const first = await sqlClient();
      try {
        // T1 takes its transaction id first (its first write), but appends its event last.
        await first.query('BEGIN');
        await first.query(`SELECT platform.current_tx_id()`);
        await appendCommitted(t, [{ type: `${ns}Second`, payload: {} }]);
        await first.query(`INSERT INTO platform.outbox (event_id, type, payload, occurred_at) VALUES ($1, $2, '{}', now())`, [
          randomUUID(),
          `${ns}First`,
        ]);
        await first.query('COMMIT');
      } finally {
        await first.end();
      }
      await waitFor('both events', () => seen.length >= 2);
      expect(types(seen)).toEqual([`${ns}First`, `${ns}Second`]);
      // Relay order, not id order: the first one relayed has the higher position.
      const [firstPosition, secondPosition] = positionsOf.get(seen)!;
      expect(BigInt(firstPosition!)).toBeGreaterThan(BigInt(secondPosition!));
    });

    it("reads one user's events back after a position in relay order, finished transactions only (the /user resume)", async () => {
      const ns = namespace();
      const userId = randomUUID();
      const kinds = ['A', 'B', 'C'].map((k) => `${ns}${k}`);
      const read = (since: bigint, limit?: number) => t.app.get(OutboxUserEvents).after(userId, since, kinds, limit);
      const first = await sqlClient();
      try {
        // T1 takes its transaction id first and appends B last; T2 appends A (the smaller id) and commits first.
        await first.query('BEGIN');
        await first.query(`SELECT platform.current_tx_id()`);
        await appendCommitted(t, [{ type: `${ns}A`, payload: { userId } }]);
        // T1 may still write before A in relay order: A is held back, as the relay holds it back.
        expect((await read(0n)).events).toEqual([]);
        await first.query(`INSERT INTO platform.outbox (event_id, type, payload, occurred_at) VALUES ($1, $2, $3, now())`, [
          randomUUID(),
          `${ns}B`,
          { userId },
        ]);
        await first.query('COMMIT');
      } finally {
        await first.end();
      }
      await appendCommitted(t, [{ type: `${ns}C`, payload: { userId } }, { type: `${ns}C`, payload: { userId: randomUUID() } }]);
      // Committed, but another writer still in flight (the app's own work) may hold it back for a moment: finished transactions only.
      await waitFor('C readable', async () => (await read(0n)).events.length === 3);
      const all = await read(0n);
      expect(all.events.map((e) => e.type)).toEqual([`${ns}B`, `${ns}A`, `${ns}C`]);
      expect(all.more).toBe(false);
      const [b, a, c] = all.events.map((e) => BigInt(e.position!));
      expect(b).toBeGreaterThan(a!);
      // After B (relay order): A and C. After A: C only. After C: nothing. A client that kept its highest seq (B) gets A again, never loses C.
      expect((await read(b!)).events.map((e) => e.position)).toEqual([String(a), String(c)]);
      expect((await read(a!)).events.map((e) => e.position)).toEqual([String(c)]);
      expect((await read(c!)).events).toEqual([]);
      // Pages: `more`, then resume from the last one.
      const page = await read(0n, 2);
      expect(page.events.map((e) => e.position)).toEqual([String(b), String(a)]);
      expect(page.more).toBe(true);
      expect((await read(a!, 2)).events.map((e) => e.position)).toEqual([String(c)]);
    });

    it('never rewrites an outbox row: publishing moves the cursor only', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      await appendCommitted(t, [1, 2, 3].map((n) => ({ type: `${ns}E${n}`, payload: { n } })));
      await waitFor('the events', () => seen.length >= 3);
      await waitFor('the cursor past them', async () => {
        const r = await sql.query(`SELECT 1 FROM platform.outbox WHERE type LIKE $1 AND ${UNPUBLISHED}`, [`${ns}%`]);
        return r.rowCount === 0;
      });
      // A row that was updated has a newer version, whose xmin is no longer its writer's transaction.
      const rows = await sql.query<{ untouched: boolean }>(
        `SELECT xmin::text::bigint = tx_id % 4294967296 AS untouched FROM platform.outbox WHERE type LIKE $1`,
        [`${ns}%`],
      );
      expect(rows.rows.map((r) => r.untouched)).toEqual([true, true, true]);
    });

    it('publishes every relayed event on the CQRS EventBus as IntegrationEventPublished', async () => {
      const ns = namespace();
      const published: IntegrationEvent[] = [];
      // Every EventBus of the app (a module that imports CqrsModule without forRoot gets a bus of its own;
      // each bus runs every @EventsHandler): the relay publishes each event once, on the global bus.
      const buses = t.app.get(EventBus, { strict: false, each: true });
      const subscriptions = buses.map((bus) =>
        bus.subscribe((message: unknown) => {
          if (message instanceof IntegrationEventPublished && message.event.type.startsWith(ns)) published.push(withoutPosition(message.event, []));
        }),
      );
      try {
        const appended = await appendCommitted(t, [
          { type: `${ns}OnTheBus`, payload: { x: 'y' } },
          { type: `${ns}AlsoOnTheBus`, payload: {} },
        ]);
        await waitFor('the EventBus events', () => published.length >= 2);
        await appendCommitted(t, [{ type: `${ns}Marker`, payload: {} }]);
        await waitFor('the marker', () => published.length >= 3);
        expect(published.slice(0, 2)).toEqual(appended);
        expect(types(published)).toEqual([...types(appended), `${ns}Marker`]);
      } finally {
        for (const subscription of subscriptions) subscription.unsubscribe();
      }
    });

    it('keeps relaying after a subscriber fails', async () => {
      const ns = namespace();
      const seen = collect(t, ns);
      const unsubscribe = relay(t).subscribe(`${ns}Poison`, () => {
        throw new Error('a broken handler');
      });
      try {
        await appendCommitted(t, [{ type: `${ns}Poison`, payload: {} }]);
        await appendCommitted(t, [{ type: `${ns}After`, payload: {} }]);
        await waitFor('both events', () => seen.length >= 2);
        expect(types(seen)).toEqual([`${ns}Poison`, `${ns}After`]);
      } finally {
        unsubscribe();
      }
    });

    it('redelivers after a crash between publish and moving the cursor, and an idempotent consumer applies it once', async () => {
      const ns = namespace();
      const processed = t.app.get(ProcessedEvents);
      const deliveries: string[] = [];
      const applied: string[] = [];
      const unsubscribe = relay(t).subscribe(`${ns}Credited`, async (event) => {
        deliveries.push(event.eventId);
        await processed.once('e2e-ledger', event.eventId, async () => {
          // The effect runs in the transaction that records the event as processed.
          if (!txHost(t).isTransactionActive()) throw new Error('no transaction around the effect');
          await txHost(t).tx.query('SELECT 1');
          applied.push(event.eventId);
        });
      });
      try {
        const [event] = await appendCommitted(t, [{ type: `${ns}Credited`, payload: { amount: '5.00' } }]);
        await waitFor('the first delivery', () => deliveries.length >= 1);
        // As if the relay had died before moving its cursor past the row: it is published again.
        await waitFor('the cursor past the row', async () => {
          const marked = await sql.query(`SELECT 1 FROM platform.outbox WHERE event_id = $1 AND NOT ${UNPUBLISHED}`, [event!.eventId]);
          return marked.rowCount === 1;
        });
        await sql.query(
          `UPDATE platform.outbox_relay_cursor c SET tx_id = o.tx_id, id = o.id - 1 FROM platform.outbox o WHERE c.name = 'relay' AND o.event_id = $1`,
          [event!.eventId],
        );
        await waitFor('the redelivery', () => deliveries.length >= 2);
        expect(deliveries).toEqual([event!.eventId, event!.eventId]);
        expect(applied).toEqual([event!.eventId]);
      } finally {
        unsubscribe();
      }
    });

    describe('ProcessedEvents.once', () => {
      it('runs fn once per consumer and event, sequentially and concurrently', async () => {
        const processed = t.app.get(ProcessedEvents);
        const eventId = randomUUID();
        let runs = 0;
        const fn = async (): Promise<void> => {
          runs += 1;
        };
        expect(await processed.once('ledger', eventId, fn)).toBe(true);
        expect(await processed.once('ledger', eventId, fn)).toBe(false);
        expect(runs).toBe(1);

        const concurrent = randomUUID();
        const results = await Promise.all([
          processed.once('ledger', concurrent, fn),
          processed.once('ledger', concurrent, fn),
          processed.once('ledger', concurrent, fn),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(runs).toBe(2);

        // Another consumer of the same event is independent.
        expect(await processed.once('notifier', eventId, fn)).toBe(true);
        expect(runs).toBe(3);
      });

      it('records nothing when fn fails, so a redelivery runs it again', async () => {
        const processed = t.app.get(ProcessedEvents);
        const eventId = randomUUID();
        await expect(
          processed.once('ledger', eventId, async () => {
            throw new Error('effect failed');
          }),
        ).rejects.toThrow('effect failed');
        let runs = 0;
        expect(await processed.once('ledger', eventId, async () => void (runs += 1))).toBe(true);
        expect(runs).toBe(1);
      });

      it('joins the ambient transaction: the record rolls back with it', async () => {
        const processed = t.app.get(ProcessedEvents);
        const eventId = randomUUID();
        await expect(
          txHost(t).withTransaction(async () => {
            expect(await processed.once('ledger', eventId, async () => undefined)).toBe(true);
            throw new Error('outer failure');
          }),
        ).rejects.toThrow('outer failure');
        expect(await processed.once('ledger', eventId, async () => undefined)).toBe(true);
      });
    });

    describe('ProcessedEvents.onceEach', () => {
      it('passes fn the ids not processed yet, in the given order, each once; nothing runs when all were', async () => {
        const processed = t.app.get(ProcessedEvents);
        const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        expect(await processed.once('ledger', b, async () => undefined)).toBe(true);
        const calls: string[][] = [];
        const fn = async (fresh: string[]): Promise<void> => void calls.push(fresh);
        // b was processed alone; a repeated id keeps its first place; the upper-case spelling is the same id.
        expect(await processed.onceEach('ledger', [d, b, a, d, c, a.toUpperCase()], fn)).toEqual([d, a, c]);
        expect(await processed.onceEach('ledger', [a, b, c, d], fn)).toEqual([]);
        expect(await processed.once('ledger', c, async () => undefined)).toBe(false);
        expect(calls).toEqual([[d, a, c]]);
        // Another consumer is independent.
        expect(await processed.onceEach('notifier', [a, b], fn)).toEqual([a, b]);
      });

      it('gives each id to one of several concurrent overlapping calls; a failing fn records nothing', async () => {
        const processed = t.app.get(ProcessedEvents);
        const ids = Array.from({ length: 40 }, () => randomUUID());
        const applied: string[] = [];
        const fn = async (fresh: string[]): Promise<void> => void applied.push(...fresh);
        await Promise.all([
          processed.onceEach('ledger', ids, fn),
          processed.onceEach('ledger', [...ids].reverse(), fn),
          processed.onceEach('ledger', ids.slice(10, 30), fn),
          processed.onceEach('ledger', ids.slice(0, 20), fn),
        ]);
        expect([...applied].sort()).toEqual([...ids].sort());

        const failing = [randomUUID(), randomUUID()];
        await expect(
          processed.onceEach('ledger', failing, async () => {
            throw new Error('effect failed');
          }),
        ).rejects.toThrow('effect failed');
        expect(await processed.onceEach('ledger', failing, async () => undefined)).toEqual(failing);
        await expect(processed.onceEach('ledger', ['not-a-uuid'], fn)).rejects.toThrow(/not a UUID/);
      });
    });
  });

  describe('several instances on one database', () => {
    // Instances that share this prefix share the Redis channel `<prefix>events`.
    const sharedPrefix = `test:${randomUUID()}:`;
    let sql: Client;

    beforeAll(async () => {
      sql = await sqlClient();
    });
    afterAll(async () => {
      await sql.end();
      await closeAll();
    });

    it('relays from one instance only, and the other takes over when it closes', async () => {
      // Different Redis prefixes: no fan-out between these two, so each event reaches exactly one subscriber.
      const a = await start();
      await waitFor('A to take the lock', () => relay(a).isLeader);
      const b = await start();
      const ns = namespace();
      const seenByA = collect(a, ns);
      const seenByB = collect(b, ns);

      // Appended through B (which does not relay): A finds them when it polls.
      const first = await appendCommitted(b, [1, 2, 3, 4].map((n) => ({ type: `${ns}First${n}`, payload: {} })));
      await waitFor('A to relay 4 events', () => seenByA.length >= 4);
      expect(seenByA).toEqual(first);
      expect(seenByB).toEqual([]);
      expect(relay(b).isLeader).toBe(false);
      expect(relay(b).status().relayed).toBe(0);

      await close(a);
      await waitFor('B to take over', () => relay(b).isLeader);
      const second = await appendCommitted(b, [1, 2, 3].map((n) => ({ type: `${ns}Second${n}`, payload: {} })));
      await waitFor('B to relay 3 events', () => seenByB.length >= 3);
      expect(seenByB).toEqual(second);
      expect(seenByA).toEqual(first);
      await close(b);
    });

    it('loses nothing committed while no relay ran (a crash between commit and relay)', async () => {
      expect(apps.size).toBe(0);
      const ns = namespace();
      // Committed, never relayed: as if the process died right after the commit.
      const inserted = await sql.query<{ event_id: string }>(
        `INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
         SELECT gen_random_uuid(), $1 || 'Orphan' || n, jsonb_build_object('n', n), now()
           FROM generate_series(1, 7) AS n
         RETURNING event_id`,
        [ns],
      );
      // Keep the next instance from relaying until its subscriber is in place.
      const lockHolder = await sqlClient();
      await lockHolder.query('SELECT pg_advisory_lock($1)', [OUTBOX_RELAY_LOCK_KEY]);
      const c = await start({ REDIS_KEY_PREFIX: sharedPrefix }).catch(async (error: unknown) => {
        await lockHolder.end();
        throw error;
      });
      const seen = collect(c, ns);
      expect(relay(c).isLeader).toBe(false);
      await lockHolder.end();
      await waitFor('C to take the lock', () => relay(c).isLeader);
      await waitFor('the 7 orphaned events', () => seen.length >= 7);
      expect(seen.map((e) => e.eventId)).toEqual(inserted.rows.map((r) => r.event_id));
      expect(seen.map((e) => e.payload)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => ({ n })));
      // Published (the cursor past them) once the relay's batch is dispatched: right after the subscriber saw the last one, not before.
      await waitFor('the cursor past the 7 rows', async () => {
        const unpublished = await sql.query(`SELECT 1 FROM platform.outbox WHERE ${UNPUBLISHED} AND type LIKE $1`, [`${ns}%`]);
        return unpublished.rowCount === 0;
      });
    });

    (withRedis ? it : it.skip)('fans out through Redis: a subscriber on another instance gets each event once', async () => {
      const [c] = [...apps];
      expect(c && relay(c).isLeader).toBe(true);
      const d = await start({ REDIS_KEY_PREFIX: sharedPrefix });
      const ns = namespace();
      const seenByC = collect(c!, ns);
      const seenByD = collect(d, ns);
      const batchesOfC = collectBatches(c!, ns);
      const batchesOfD = collectBatches(d, ns);

      const appended = await appendCommitted(d, [1, 2, 3].map((n) => ({ type: `${ns}Fanned${n}`, payload: { n } })));
      await waitFor('C to relay 3 events', () => seenByC.length >= 3);
      await waitFor('D to receive 3 events through Redis', () => seenByD.length >= 3);
      expect(relay(d).isLeader).toBe(false);
      expect(seenByC).toEqual(appended);
      expect(seenByD).toEqual(appended);
      // The position travels through Redis too.
      expect(positionsOf.get(seenByD)).toEqual(positionsOf.get(seenByC));
      expect(positionsOf.get(seenByD)!.every((p) => /^[1-9]\d*$/.test(p))).toBe(true);

      // C skips its own messages and D gets each once: a later marker arrives after any duplicate would have.
      await appendCommitted(c!, [{ type: `${ns}Marker`, payload: {} }]);
      await waitFor('the marker on D', () => seenByD.length >= 4);
      await waitFor('the marker on C', () => seenByC.length >= 4);
      expect(types(seenByD)).toEqual([...types(appended), `${ns}Marker`]);
      expect(types(seenByC)).toEqual([...types(appended), `${ns}Marker`]);
      // Batch subscribers too: on C as relayed, on D as the messages arrived; each event once, in order.
      await waitFor('the marker in batches', () => batchesOfC.flat().length >= 4 && batchesOfD.flat().length >= 4);
      expect(batchesOfC.flat()).toEqual(seenByC);
      expect(batchesOfD.flat()).toEqual(seenByD);
      expect(batchesOfC[0]).toEqual(appended);
    });

    it('wakes the relay at commit instead of waiting for the next poll', async () => {
      await closeAll();
      // A poll interval far longer than this test: only the commit hint can trigger a read.
      const w = await start({ OUTBOX_POLL_MS: '60000' });
      await waitFor('W to take the lock and read once', () => relay(w).isLeader && relay(w).status().polls >= 1);
      const polls = relay(w).status().polls;
      await appendCommitted(w, [{ type: `${namespace()}Wake`, payload: {} }]);
      await waitFor('a read right after the commit', () => relay(w).status().polls > polls, 5000);
    });

    it('deletes published events older than OUTBOX_RETENTION_HOURS, never one the relay has not passed', async () => {
      await closeAll();
      const ns = namespace();
      // Users' events (a system event, or one that names no user, goes after OUTBOX_SYSTEM_RETENTION_MINUTES: retention.e2e-spec).
      const insert = (c: Client, type: string, hoursAgo: number) =>
        c.query(
          `INSERT INTO platform.outbox (event_id, type, payload, occurred_at, recorded_at)
           VALUES ($1, $2, jsonb_build_object('userId', $4::text), now() - interval '30 hours', now() - make_interval(hours => $3))`,
          [randomUUID(), `${ns}${type}`, hoursAgo, randomUUID()],
        );
      const left = async () =>
        (await sql.query<{ type: string }>(`SELECT type FROM platform.outbox WHERE type LIKE $1 ORDER BY id`, [`${ns}%`])).rows.map((r) => r.type.slice(ns.length));
      const w = await start({ OUTBOX_RETENTION_HOURS: '24', OUTBOX_PRUNE_INTERVAL_MS: '100', OUTBOX_POLL_MS: '50' });
      const seen = collect(w, ns);
      // The consumers' dedup records go with the retention too.
      const consumer = `${ns}consumer`;
      await sql.query(
        `INSERT INTO platform.processed_events (consumer, event_id, processed_at)
         VALUES ($1, $2, now() - interval '30 hours'), ($1, $3, now() - interval '1 hour')`,
        [consumer, randomUUID(), randomUUID()],
      );
      await insert(sql, 'Old', 30);
      // Written an hour ago about something 30 hours old: retention counts from the writing.
      await insert(sql, 'Young', 1);
      // A transaction in flight since before the next event: the relay cannot pass that event until it ends.
      const inFlight = await sqlClient();
      try {
        await inFlight.query('BEGIN');
        await inFlight.query('SELECT platform.current_tx_id()');
        await insert(sql, 'Blocked', 30);
        await waitFor('a prune round', async () => relay(w).status().pruned >= 1 && !(await left()).includes('Old'));
        // More rounds, all after Blocked was committed (a round follows a read when due: reads every 50 ms, rounds every 100 ms).
        const polls = relay(w).status().polls;
        await waitFor('more prune rounds', () => relay(w).status().polls >= polls + 6);
        // Committed and expired, but not published yet: kept.
        expect(await left()).toEqual(['Young', 'Blocked']);
        await inFlight.query('COMMIT');
        await waitFor('the expired event published', () => types(seen).includes(`${ns}Blocked`));
        await waitFor('then deleted', async () => !(await left()).includes('Blocked'));
        expect(await left()).toEqual(['Young']);
        const records = await sql.query<{ age: number }>(
          `SELECT round(extract(epoch FROM now() - processed_at) / 3600)::int AS age FROM platform.processed_events WHERE consumer = $1`,
          [consumer],
        );
        expect(records.rows.map((r) => r.age)).toEqual([1]);
      } finally {
        await inFlight.end();
      }
    });

    it('releases its connection and lock when the application closes', async () => {
      const relaySessions = async (): Promise<number | null> =>
        (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'exchange-outbox-relay'`)).rowCount;
      const relayLocks = async (): Promise<number | null> =>
        (
          await sql.query(
            `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.objid = $1`,
            [OUTBOX_RELAY_LOCK_KEY],
          )
        ).rowCount;
      await closeAll();
      // While an instance relays, its session and its lock are there to see under these names.
      const r = await start();
      await waitFor('R to take the lock', () => relay(r).isLeader);
      expect([await relaySessions(), await relayLocks()]).toEqual([1, 1]);
      await closeAll();
      await waitFor('no relay connection left', async () => (await relaySessions()) === 0, 5000);
      expect(await relayLocks()).toBe(0);
    });
  });
});

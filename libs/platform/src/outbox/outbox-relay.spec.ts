import { Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { RedisConnection } from '../redis/redis-connection';
import { encodeBusMessage } from './bus-message';
import { LeadershipLease } from '../leadership/leadership-lease';
import { OutboxCommitSignal } from './outbox-commit-signal';
import { OutboxRelay } from './outbox-relay';
import { OUTBOX_BATCH_SIZE, OutboxRow, toIntegrationEvent } from './outbox-relay-batch';
import { OutboxSubscribers } from './outbox-subscribers';

describe('OutboxRelay: a row becomes an IntegrationEvent', () => {
  it('carries the row id as the event position (a bigint as a decimal string)', () => {
    const event = toIntegrationEvent({
      id: '42',
      event_id: '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10',
      type: 'orders.FillCreated',
      payload: { userId: 'u', fill: { tradeId: '1' } },
      occurred_at: new Date('2025-01-02T03:04:05.678Z'),
      tx_id: '900',
    });
    expect(event).toEqual({
      eventId: '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10',
      type: 'orders.FillCreated',
      occurredAt: '2025-01-02T03:04:05.678Z',
      payload: { userId: 'u', fill: { tradeId: '1' } },
      position: '42',
    });
  });
});

/** The relay's private batch step and bus path, on a fake lease session (no PostgreSQL, no Redis). */
describe('OutboxRelay: batch subscribers', () => {
  const uuid = (n: number): string => `0b6b3c2e-8c1d-4b6e-9a51-${String(n).padStart(12, '0')}`;
  const row = (n: number, type: string): OutboxRow => ({ id: String(n), event_id: uuid(n), type, payload: { n }, occurred_at: new Date('2025-01-02T03:04:05.678Z'), tx_id: String(1000 + n) });

  interface Internals {
    lease: LeadershipLease;
    batch: { relayNext(): Promise<number> };
    bus: { onMessage(raw: string): void; queue: Promise<void> };
  }

  let subscribers: OutboxSubscribers;
  let relay: OutboxRelay;
  let internals: Internals;
  let log: string[];
  let rows: OutboxRow[];

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    subscribers = new OutboxSubscribers();
    log = [];
    rows = [];
    const config = {
      outbox: { pollMs: 1000, minIntervalMs: 0, retentionHours: 0, pruneIntervalMs: 60_000 },
      retention: { systemEventMinutes: 10 },
      market: { leaderRetryMs: 1000 },
    } as AppConfig;
    const redis = { client: undefined, key: (name: string) => `test:${name}` } as unknown as RedisConnection;
    const cls = { run: (_options: unknown, fn: () => unknown) => fn() } as unknown as ClsService;
    // The lease is never started: its session is faked (the relay's statements all go through lease.query).
    relay = new OutboxRelay({ options: {} } as unknown as DataSource, config, redis, subscribers, {} as OutboxCommitSignal, cls);
    internals = relay as unknown as Internals;
    const query = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
      if (sql.includes('SELECT')) return rows;
      log.push(`cursor ${String(params[0])}/${String(params[1])}`);
      return [];
    };
    jest.spyOn(internals.lease, 'query').mockImplementation(query as LeadershipLease['query']);
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives a batch subscriber its events of the batch in one call, in relay order, awaited before the cursor moves', async () => {
    rows = [row(1, 'a.Done'), row(2, 'b.Done'), row(3, 'a.Done'), row(4, 'a.Done')];
    relay.subscribeBatch('a.Done', async (events) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`batch a ${events.map((e) => e.position).join(',')}`);
    });
    relay.subscribeBatch('*', (events) => void log.push(`batch * ${events.map((e) => e.position).join(',')}`));
    relay.subscribe('a.Done', (event) => void log.push(`event a ${event.position}`));
    await expect(internals.batch.relayNext()).resolves.toBe(4);
    // Per-event handlers, one by one; the batch handlers, once each; the cursor moves last, past the batch.
    expect(log.filter((l) => l.startsWith('event'))).toEqual(['event a 1', 'event a 3', 'event a 4']);
    expect(log.filter((l) => l.startsWith('batch')).sort()).toEqual(['batch * 1,2,3,4', 'batch a 1,3,4']);
    expect(log[log.length - 1]).toBe('cursor 1004/4');
    expect(relay.status().relayed).toBe(4);
  });

  it('moves the cursor past the batch after a failing batch subscriber (logged), as after a failing per-event one', async () => {
    rows = [row(7, 'a.Done'), row(8, 'a.Done')];
    relay.subscribeBatch('a.Done', async () => {
      throw new Error('boom');
    });
    await expect(internals.batch.relayNext()).resolves.toBe(2);
    expect(log).toEqual(['cursor 1008/8']);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringMatching(/batch subscriber of a\.Done failed on 2 events.*boom/), expect.anything());
  });

  it('dispatches the events other instances relayed: what arrived together as one batch, in order; its own messages skipped', async () => {
    const other = '3a5e1a8e-0000-4000-8000-000000000001';
    const batches: string[][] = [];
    const perEvent: string[] = [];
    relay.subscribeBatch('*', (events) => void batches.push(events.map((e) => e.position!)));
    relay.subscribe('*', (event) => void perEvent.push(event.position!));
    const message = (n: number, origin = other): string => encodeBusMessage(origin, toIntegrationEvent(row(n, 'a.Done')));
    internals.bus.onMessage(message(1));
    internals.bus.onMessage(message(2, relay.instanceId));
    internals.bus.onMessage(message(3));
    internals.bus.onMessage(message(4));
    await internals.bus.queue;
    internals.bus.onMessage(message(5));
    await internals.bus.queue;
    expect(batches).toEqual([['1', '3', '4'], ['5']]);
    expect(perEvent).toEqual(['1', '3', '4', '5']);
  });

  it('keeps a batch of bus messages at most OUTBOX_BATCH_SIZE long', async () => {
    const sizes: number[] = [];
    relay.subscribeBatch('*', (events) => void sizes.push(events.length));
    for (let n = 1; n <= OUTBOX_BATCH_SIZE + 3; n++) internals.bus.onMessage(encodeBusMessage('elsewhere', toIntegrationEvent(row(n, 'a.Done'))));
    // The second drain is queued behind the first.
    await internals.bus.queue;
    await internals.bus.queue;
    expect(sizes).toEqual([OUTBOX_BATCH_SIZE, 3]);
  });
});

import { Logger } from '@nestjs/common';
import { IntegrationEvent } from './integration-event';
import { OutboxSubscribers } from './outbox-subscribers';

const event = (type: string, eventId = '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10'): IntegrationEvent => ({
  eventId,
  type,
  occurredAt: '2025-01-02T03:04:05.678Z',
  payload: {},
});

describe('OutboxSubscribers', () => {
  let subscribers: OutboxSubscribers;
  beforeEach(() => {
    subscribers = new OutboxSubscribers();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the handlers of the exact type and of "*", not the others', async () => {
    const calls: string[] = [];
    subscribers.subscribe('a.Done', (e) => void calls.push(`a:${e.type}`));
    subscribers.subscribe('b.Done', (e) => void calls.push(`b:${e.type}`));
    subscribers.subscribe('*', (e) => void calls.push(`*:${e.type}`));
    await subscribers.dispatch(event('a.Done'));
    expect(calls.sort()).toEqual(['*:a.Done', 'a:a.Done']);
  });

  it('waits for async handlers before resolving', async () => {
    let finished = false;
    subscribers.subscribe('*', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      finished = true;
    });
    await subscribers.dispatch(event('x.Y'));
    expect(finished).toBe(true);
  });

  it('logs a failing handler and still runs the others; it never rejects', async () => {
    const ran: string[] = [];
    subscribers.subscribe('x.Y', () => {
      throw new Error('sync boom');
    });
    subscribers.subscribe('x.Y', async () => {
      throw new Error('async boom');
    });
    subscribers.subscribe('x.Y', () => void ran.push('ok'));
    await expect(subscribers.dispatch(event('x.Y'))).resolves.toBe(2);
    expect(ran).toEqual(['ok']);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(2);
  });

  it('unsubscribes one subscription at a time, even for the same function', async () => {
    let count = 0;
    const handler = (): void => void (count += 1);
    const first = subscribers.subscribe('x.Y', handler);
    subscribers.subscribe('x.Y', handler);
    await subscribers.dispatch(event('x.Y'));
    expect(count).toBe(2);
    first();
    first();
    await subscribers.dispatch(event('x.Y'));
    expect(count).toBe(3);
    expect(subscribers.size).toBe(1);
  });

  it('refuses an empty type', () => {
    expect(() => subscribers.subscribe('', () => undefined)).toThrow(/must not be empty/);
  });

  describe('in batches', () => {
    const batch = ['a.Done', 'b.Done', 'a.Done', 'c.Done', 'a.Done'].map((type, i) => event(type, `0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a1${i}`));
    const ids = (events: readonly IntegrationEvent[]): string[] => events.map((e) => e.eventId.slice(-2));

    it('gives each batch handler its events of the batch in one call, in the given order; "*" gets them all', async () => {
      const calls: string[][] = [];
      subscribers.subscribeBatch('a.Done', (events) => void calls.push(['a', ...ids(events)]));
      subscribers.subscribeBatch('*', (events) => void calls.push(['*', ...ids(events)]));
      await expect(subscribers.dispatchBatch(batch)).resolves.toBe(0);
      expect(calls.sort()).toEqual([
        ['*', '10', '11', '12', '13', '14'],
        ['a', '10', '12', '14'],
      ]);
    });

    it('never calls a batch handler with nothing, and leaves the per-event handlers alone (and vice versa)', async () => {
      const batches: number[] = [];
      let perEvent = 0;
      subscribers.subscribeBatch('z.None', (events) => void batches.push(events.length));
      subscribers.subscribe('a.Done', () => void (perEvent += 1));
      await subscribers.dispatchBatch(batch);
      await subscribers.dispatchBatch([]);
      expect(batches).toEqual([]);
      expect(perEvent).toBe(0);
      subscribers.subscribeBatch('a.Done', (events) => void batches.push(events.length));
      await subscribers.dispatch(event('a.Done'));
      expect(perEvent).toBe(1);
      expect(batches).toEqual([]);
    });

    it('waits for every handler; a failing one is logged and never stops the others; it never rejects', async () => {
      let slowDone = false;
      subscribers.subscribeBatch('a.Done', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        slowDone = true;
      });
      subscribers.subscribeBatch('a.Done', () => {
        throw new Error('sync boom');
      });
      subscribers.subscribeBatch('*', async () => {
        throw new Error('async boom');
      });
      await expect(subscribers.dispatchBatch(batch)).resolves.toBe(2);
      expect(slowDone).toBe(true);
      expect(Logger.prototype.error).toHaveBeenCalledTimes(2);
      expect(jest.mocked(Logger.prototype.error).mock.calls.map(([m]) => String(m)).sort()).toEqual([
        expect.stringMatching(/^a batch subscriber of \* failed on 5 events .*: async boom$/),
        expect.stringMatching(/^a batch subscriber of a\.Done failed on 3 events .*: sync boom$/),
      ]);
    });

    it('hands each handler a list of its own (changing it changes nothing for the others)', async () => {
      const seen: number[] = [];
      subscribers.subscribeBatch('*', (events) => void events.splice(0));
      subscribers.subscribeBatch('*', (events) => void seen.push(events.length));
      await subscribers.dispatchBatch(batch);
      expect(seen).toEqual([5]);
      expect(batch).toHaveLength(5);
    });

    it('unsubscribes one subscription at a time and counts in size; refuses an empty type', async () => {
      let count = 0;
      const handler = (): void => void (count += 1);
      const first = subscribers.subscribeBatch('a.Done', handler);
      subscribers.subscribeBatch('a.Done', handler);
      expect(subscribers.size).toBe(2);
      expect(subscribers.hasBatchSubscribers).toBe(true);
      await subscribers.dispatchBatch(batch);
      expect(count).toBe(2);
      first();
      first();
      await subscribers.dispatchBatch(batch);
      expect(count).toBe(3);
      expect(subscribers.size).toBe(1);
      expect(() => subscribers.subscribeBatch('', () => undefined)).toThrow(/must not be empty/);
    });
  });
});

import { Logger } from '@nestjs/common';
import { IntegrationEvent } from './integration-event';
import { OutboxSubscribers } from './outbox-subscribers';

const event = (type: string): IntegrationEvent => ({
  eventId: '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10',
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
});

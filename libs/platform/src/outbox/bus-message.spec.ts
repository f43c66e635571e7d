import { decodeBusMessage, encodeBusMessage } from './bus-message';

const event = {
  eventId: '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10',
  type: 'wallet.BalanceChanged',
  occurredAt: '2025-01-02T03:04:05.678Z',
  payload: { asset: 'USDT', available: '10.5' },
};

describe('Redis bus messages', () => {
  it('round-trips an event with its origin', () => {
    expect(decodeBusMessage(encodeBusMessage('instance-a', event))).toEqual({ origin: 'instance-a', event });
  });

  it('carries the outbox position, and accepts a message without one (an older instance)', () => {
    const positioned = { ...event, position: '9007199254740993' };
    expect(decodeBusMessage(encodeBusMessage('instance-a', positioned))).toEqual({ origin: 'instance-a', event: positioned });
    const decoded = decodeBusMessage(encodeBusMessage('instance-a', event));
    expect(decoded?.event).not.toHaveProperty('position');
  });

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ v: 2, origin: 'a', event })],
    ['no origin', JSON.stringify({ v: 1, event })],
    ['an event without id', JSON.stringify({ v: 1, origin: 'a', event: { ...event, eventId: 7 } })],
    ['a payload that is an array', JSON.stringify({ v: 1, origin: 'a', event: { ...event, payload: [] } })],
    ['null', 'null'],
    ['a numeric position', JSON.stringify({ v: 1, origin: 'a', event: { ...event, position: 12 } })],
    ['a position that is not a positive integer', JSON.stringify({ v: 1, origin: 'a', event: { ...event, position: '-1' } })],
    ['a position with a leading zero', JSON.stringify({ v: 1, origin: 'a', event: { ...event, position: '012' } })],
  ])('ignores %s', (_what, raw) => {
    expect(decodeBusMessage(raw)).toBeUndefined();
  });
});

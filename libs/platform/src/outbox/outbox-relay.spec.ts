import { toIntegrationEvent } from './outbox-relay';

describe('OutboxRelay: a row becomes an IntegrationEvent', () => {
  it('carries the row id as the event position (a bigint as a decimal string)', () => {
    const event = toIntegrationEvent({
      id: '42',
      event_id: '0b6b3c2e-8c1d-4b6e-9a51-3f0e6f4f2a10',
      type: 'orders.FillCreated',
      payload: { userId: 'u', fill: { tradeId: '1' } },
      occurred_at: new Date('2025-01-02T03:04:05.678Z'),
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

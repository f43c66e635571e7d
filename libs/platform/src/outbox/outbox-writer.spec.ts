import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FixedClock } from '@lib/kernel';
import { EntityManager } from 'typeorm';
import { OutboxCommitSignal } from './outbox-commit-signal';
import { OutboxWriter, toEnvelopes } from './outbox-writer';

const NOW = new Date('2025-01-02T03:04:05.678Z');
const ID = '0B6B3C2E-8C1D-4B6E-9A51-3F0E6F4F2A10';

describe('toEnvelopes', () => {
  it('completes ids and times and copies the payload', () => {
    const payload = { amount: '1.5' };
    const [first, second] = toEnvelopes(
      [
        { type: 'wallet.Deposited', payload },
        { type: 'wallet.Withdrawn', payload: {}, eventId: ID, occurredAt: new Date('2024-12-31T00:00:00Z') },
      ],
      NOW,
    );
    expect(first).toEqual({ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'wallet.Deposited', occurredAt: NOW.toISOString(), payload });
    expect(first!.payload).not.toBe(payload);
    // Lower case, as PostgreSQL returns uuids.
    expect(second).toEqual({ eventId: ID.toLowerCase(), type: 'wallet.Withdrawn', occurredAt: '2024-12-31T00:00:00.000Z', payload: {} });
  });

  it.each([
    ['an empty type', { type: '', payload: {} }, /type "" is not a valid event type/],
    ['the wildcard as a type', { type: '*', payload: {} }, /not a valid event type/],
    ['a type with spaces', { type: 'wallet deposited', payload: {} }, /not a valid event type/],
    ['an event id that is not a UUID', { type: 'a.B', payload: {}, eventId: 'nope' }, /eventId "nope" is not a UUID/],
    ['an invalid date', { type: 'a.B', payload: {}, occurredAt: new Date(Number.NaN) }, /occurredAt is not a valid Date/],
    ['a number amount', { type: 'a.B', payload: { amount: 0.1 } }, /events\[0\] \(a\.B\): payload\.amount is 0\.1/],
  ])('refuses %s', (_what, event, message) => {
    expect(() => toEnvelopes([event], NOW)).toThrow(message);
  });

  it('refuses the same event id twice in one call', () => {
    const events = [
      { type: 'a.B', payload: {}, eventId: ID },
      { type: 'a.C', payload: {}, eventId: ID.toLowerCase() },
    ];
    expect(() => toEnvelopes(events, NOW)).toThrow(/events\[1\]\.eventId .* appears twice/);
  });
});

describe('OutboxWriter', () => {
  function writer(active: boolean) {
    const query = jest.fn().mockResolvedValue([]);
    const manager = { query } as unknown as EntityManager;
    const txHost = { isTransactionActive: () => active, tx: manager } as unknown as TransactionHost<TransactionalAdapterTypeOrm>;
    const commits = { notifyAfterCommit: jest.fn() } as unknown as OutboxCommitSignal;
    return { writer: new OutboxWriter(txHost, new FixedClock(NOW), commits), query, commits, manager };
  }

  it('throws outside a transaction and writes nothing', async () => {
    const { writer: w, query } = writer(false);
    await expect(w.append([{ type: 'a.B', payload: {} }])).rejects.toThrow(/must run inside a transaction/);
    expect(query).not.toHaveBeenCalled();
  });

  it('inserts every event in one statement, in order, and asks for a wake-up after commit', async () => {
    const { writer: w, query, commits, manager } = writer(true);
    const events = await w.append([
      { type: 'a.First', payload: { n: 1 } },
      { type: 'a.Second', payload: { n: 2 } },
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0] as [string, unknown[][]];
    expect(sql).toMatch(/INSERT INTO platform\.outbox[\s\S]*unnest[\s\S]*WITH ORDINALITY[\s\S]*ORDER BY e\.n/);
    expect(params).toEqual([
      events.map((e) => e.eventId),
      ['a.First', 'a.Second'],
      ['{"n":1}', '{"n":2}'],
      [NOW.toISOString(), NOW.toISOString()],
    ]);
    expect(commits.notifyAfterCommit).toHaveBeenCalledWith(manager);
  });

  it('does nothing for no events', async () => {
    const { writer: w, query, commits } = writer(true);
    await expect(w.append([])).resolves.toEqual([]);
    expect(query).not.toHaveBeenCalled();
    expect(commits.notifyAfterCommit).not.toHaveBeenCalled();
  });
});

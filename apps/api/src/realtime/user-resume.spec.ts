import { AppConfig, IntegrationEvent, OutboxUserEvents } from '@lib/platform';
import { RESUME_PAGE_EVENTS, UserResume } from './user-resume';

function balance(position: number): IntegrationEvent {
  const payload = { userId: 'u1', account: 'SPOT', asset: 'USDT', available: '1.000000', locked: '0.000000', total: '1.000000', transactionId: 't', entryType: 'DEPOSIT' };
  return { eventId: `e${position}`, type: 'wallet.BalanceChanged', occurredAt: '2026-12-06T00:00:00.000Z', payload, position: String(position) };
}

function harness(realtime: { resumeBurst: number; resumePerSecond: number; resumeConcurrency: number }) {
  const reads: { userId: string; since: bigint; limit: number | undefined }[] = [];
  let release: () => void = () => undefined;
  let hold = false;
  const outbox = {
    after: async (userId: string, since: bigint, _types: readonly string[], limit?: number) => {
      reads.push({ userId, since, limit });
      if (hold) await new Promise<void>((r) => (release = r));
      return { events: [balance(Number(since) + 1)], more: true };
    },
  } as unknown as OutboxUserEvents;
  const resume = new UserResume(outbox, { realtime } as unknown as AppConfig);
  return { resume, reads, holdReads: () => (hold = true), release: () => release() };
}

describe('UserResume', () => {
  it('reads one page after `since` and answers it as /user messages', async () => {
    const { resume, reads } = harness({ resumeBurst: 5, resumePerSecond: 1, resumeConcurrency: 2 });
    const ack = await resume.resume('u1', { since: '41' });
    expect(reads).toEqual([{ userId: 'u1', since: 41n, limit: RESUME_PAGE_EVENTS }]);
    expect(ack).toEqual({ events: [{ event: 'balance', seq: 42, balance: expect.objectContaining({ asset: 'USDT', entryType: 'DEPOSIT' }) }], more: true });
    expect((await resume.resume('u1', { since: -1 })).error?.code).toBe('INVALID_REQUEST');
  });

  it('refuses a user beyond the budget without reading, and says when to come back; other users have their own', async () => {
    const { resume, reads } = harness({ resumeBurst: 2, resumePerSecond: 1, resumeConcurrency: 2 });
    await resume.resume('u1', { since: 0 });
    await resume.resume('u1', { since: 0 });
    const refused = await resume.resume('u1', { since: 0 });
    expect(refused).toEqual({ events: [], more: true, error: { code: 'RESUME_LIMITED', message: expect.any(String), retryAfterMs: expect.any(Number) } });
    expect(refused.error!.retryAfterMs).toBeGreaterThan(0);
    expect(refused.error!.retryAfterMs).toBeLessThanOrEqual(1000);
    expect((await resume.resume('u2', { since: 0 })).error).toBeUndefined();
    expect(reads).toHaveLength(3);
  });

  it('runs at most WS_RESUME_CONCURRENCY reads at once; the others wait their turn', async () => {
    const { resume, reads, holdReads, release } = harness({ resumeBurst: 10, resumePerSecond: 1, resumeConcurrency: 1 });
    holdReads();
    const first = resume.resume('u1', { since: 1 });
    const second = resume.resume('u2', { since: 2 });
    await new Promise((r) => setImmediate(r));
    expect(reads.map((r) => r.userId)).toEqual(['u1']);
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(reads.map((r) => r.userId)).toEqual(['u1', 'u2']);
    release();
    expect((await second).events).toHaveLength(1);
  });
});

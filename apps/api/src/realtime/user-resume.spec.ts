import { FILL_CREATED } from '@lib/orders';
import { AppConfig, IntegrationEvent, OutboxUserEvents } from '@lib/platform';
import { BALANCE_CHANGED, UserAccountKind } from '@lib/wallet';
import { POSITION_CHANGED, PositionView } from '@lib/positions';
import { FUNDING_PAID } from '@lib/risk';
import { AlertCondition, AlertSource, PRICE_ALERT_FIRED } from '@lib/price-alerts';
import { RESUME_PAGE_EVENTS, UserResume, messageOf, toMessage } from './user-resume';

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

describe('toMessage: an event of the /user stream as its message (the contract mapped to its view)', () => {
  const at = (position: string | undefined) => ({ eventId: 'e', occurredAt: '2026-12-06T00:00:00.000Z', position });

  it('a balance: the account amounts without the user, keys in the order clients receive them', () => {
    const payload = { userId: 'u1', account: UserAccountKind.SPOT, asset: 'USDT', available: '1.500000', locked: '0.250000', total: '1.750000', transactionId: 't', entryType: 'DEPOSIT' };
    const message = toMessage({ ...at('7'), type: BALANCE_CHANGED, payload });
    expect(JSON.stringify(message)).toBe(
      '{"event":"balance","seq":7,"balance":{"account":"SPOT","asset":"USDT","available":"1.500000","locked":"0.250000","total":"1.750000","transactionId":"t","entryType":"DEPOSIT"}}',
    );
  });

  it('a fill of version 2 in decimals at its scales; no message without a position', () => {
    const payload = {
      version: 2, userId: 'u1', tradeId: '9', orderId: 'o', symbol: 'BTC-USDT', side: 'SELL', liquidity: 'MAKER', price: '6500012', quantity: '1000',
      quote: '650001200', fee: '325001', feeAsset: 'USDT', priceScale: 2, quantityScale: 5, quoteScale: 6, executedAt: '2026-12-06T10:00:00.000Z',
    } as const;
    expect(toMessage({ ...at('8'), type: FILL_CREATED, payload })).toEqual({
      event: 'fill',
      seq: 8,
      fill: { tradeId: '9', orderId: 'o', symbol: 'BTC-USDT', side: 'SELL', price: '65000.12', quantity: '0.01000', quote: '650.001200', fee: '0.325001', feeAsset: 'USDT', liquidity: 'MAKER', createdAt: '2026-12-06T10:00:00.000Z' },
    });
    expect(toMessage({ ...at(undefined), type: FILL_CREATED, payload })).toBeUndefined();
  });

  it('a funding payment: signed decimals at its scales, the rate at 8', () => {
    const payload = {
      version: 1, userId: 'u1', symbol: 'BTC-PERP', asset: 'USDT', fundingTime: '2026-12-06T08:00:00.000Z', rate: '-12345', mark: '5000001', size: '-1000',
      amount: '617285', marginMode: 'ISOLATED', rateScale: 8, priceScale: 2, quantityScale: 4, quoteScale: 6,
    } as const;
    expect(JSON.stringify(toMessage({ ...at('9'), type: FUNDING_PAID, payload }))).toBe(
      '{"event":"funding","seq":9,"funding":{"symbol":"BTC-PERP","asset":"USDT","fundingTime":"2026-12-06T08:00:00.000Z","rate":"-0.00012345","mark":"50000.01","size":"-0.1000","amount":"0.617285","marginMode":"ISOLATED"}}',
    );
  });

  it('a price alert: target and value in decimals at their scale (a percent for the 24 h change)', () => {
    const base = {
      version: 1, userId: 'u1', alertId: 'a1', symbol: 'BTC-USDT', condition: AlertCondition.ABOVE, source: AlertSource.MARK, feed: AlertSource.MARK,
      target: '7000000', price: '7001250', scale: 2, recurring: false, generation: 0, firedAt: '2026-12-07T09:00:00.000Z',
    } as const;
    expect(JSON.stringify(toMessage({ ...at('11'), type: PRICE_ALERT_FIRED, payload: base }))).toBe(
      '{"event":"alert","seq":11,"alert":{"alertId":"a1","symbol":"BTC-USDT","condition":"ABOVE","source":"MARK","target":"70000.00","value":"70012.50","recurring":false,"firedAt":"2026-12-07T09:00:00.000Z"}}',
    );
    const change = { ...base, condition: AlertCondition.CHANGE_24H_BELOW, feed: 'CHANGE_24H', target: '-500', price: '-512' } as const;
    expect(toMessage({ ...at('12'), type: PRICE_ALERT_FIRED, payload: change })).toMatchObject({ alert: { source: 'CHANGE_24H', target: '-5.00', value: '-5.12' } });
  });
});

describe('messageOf: a position is valued (async), the rest as toMessage', () => {
  const payload = {
    version: 1, userId: 'u1', symbol: 'AAPL-PERP', asset: 'USD', size: '100', entryValue: '23000', realizedPnl: '0', fees: '23', leverage: 10, marginMode: 'CROSS',
    isolatedMargin: '0', priceScale: 0, quantityScale: 2, quoteScale: 2, openedAt: null, updatedAt: '2026-12-06T10:00:00.000Z',
  } as const;
  const event = { eventId: 'e', occurredAt: '2026-12-06T00:00:00.000Z', position: '12', type: POSITION_CHANGED as typeof POSITION_CHANGED, payload };

  it('a position: its view under `position`, with the seq', async () => {
    const view = { symbol: 'AAPL-PERP', size: '1.00' } as unknown as PositionView;
    expect(await messageOf(event, async (p) => (p === payload ? view : Promise.reject(new Error('other'))))).toEqual({ event: 'position', seq: 12, position: view });
    expect(await messageOf({ ...event, position: undefined }, async () => view)).toBeUndefined();
    expect(toMessage(event)).toBeUndefined();
  });

  it('a resume whose position cannot be valued answers RESUME_BUSY, nothing of the page', async () => {
    const outbox = { after: async () => ({ events: [event], more: false }) } as unknown as OutboxUserEvents;
    const realtime = { resumeBurst: 5, resumePerSecond: 1, resumeConcurrency: 2 };
    const resume = new UserResume(outbox, { realtime } as unknown as AppConfig, () => Promise.reject(new Error('no mark')));
    expect(await resume.resume('u1', { since: 0 })).toMatchObject({ events: [], more: true, error: { code: 'RESUME_BUSY' } });
  });
});

import request from 'supertest';
import { bearer } from './accounts';
import { until } from './market';

/**
 * A spot market of a suite's own, for exact holds: ETH-USD, USD with 2
 * decimals, tick 1, step 0.01, maker 0.1 %, taker 0.2 %, band 50 % around a
 * mark that stays at 100 (volatility 0.000001): a LIMIT buy of 1.00 at 90
 * holds 90.00 + 0.18.
 */
export const ETH_USD = {
  symbol: 'ETH-USD',
  kind: 'SPOT',
  baseAsset: 'ETH',
  quoteAsset: 'USD',
  tickSize: '1',
  stepSize: '0.01',
  minQuantity: '0.05',
  minNotional: '1',
  makerFeeRate: '0.001',
  takerFeeRate: '0.002',
  maxLeverage: 1,
  priceBandRate: '0.5',
  maintenanceMarginTiers: [],
  initialPrice: '100',
  volatility: '0.000001',
} as const;

export async function createSpotMarket(url: string, adminToken: string, overrides: Record<string, unknown> = {}): Promise<void> {
  await request(url).post('/api/v1/admin/markets').set(bearer(adminToken)).send({ ...ETH_USD, ...overrides }).expect(201);
}

/** GET /api/v1/admin/reconciliation (docs/operations.md, "Continuous reconciliation"). */
export async function reconciliation(url: string, adminToken: string) {
  return (await request(url).get('/api/v1/admin/reconciliation').set(bearer(adminToken)).expect(200)).body;
}

/**
 * The first check that started after this call (the second to end after it:
 * the first may have read its snapshot before), as the admin route answers it.
 */
export async function nextCheck(url: string, adminToken: string, timeoutMs = 5_000) {
  const since = new Date().toISOString();
  const first = await until('a check after now', async () => {
    const s = await reconciliation(url, adminToken);
    return s.checkedAt > since ? s : undefined;
  }, timeoutMs);
  return until('a check that started after now', async () => {
    const s = await reconciliation(url, adminToken);
    return s.checkedAt > first.checkedAt ? s : undefined;
  }, timeoutMs);
}

/** `exchange_reconcile_problems{kind}` on /api/metrics (undefined when absent). */
export async function problemsMetric(url: string, kind: string): Promise<string | undefined> {
  const text = (await request(url).get('/api/metrics').expect(200)).text;
  return new RegExp(`^exchange_reconcile_problems\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1];
}

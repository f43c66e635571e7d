import { Client } from 'pg';
import request from 'supertest';
import { bearer } from './accounts';
import { reconcile } from './wallet';

/**
 * A perpetual of a suite's own, for exact amounts: AAPL-PERP on USD (2
 * decimals), tick 1, step 0.01, maker 0.1 %, taker 0.2 %, maintenance 1 % up
 * to 10,000 then 2 %, max leverage 20, band 50 %. The feed prices AAPL at 230
 * and, at this volatility, never moves it a tick (until an admin price shock).
 */
export const AAPL_PERP = {
  symbol: 'AAPL-PERP',
  kind: 'PERPETUAL',
  baseAsset: 'AAPL',
  quoteAsset: 'USD',
  tickSize: '1',
  stepSize: '0.01',
  minQuantity: '0.01',
  minNotional: '1',
  makerFeeRate: '0.001',
  takerFeeRate: '0.002',
  maxLeverage: 20,
  priceBandRate: '0.5',
  maintenanceMarginTiers: [
    { maxNotional: '10000', rate: '0.01' },
    { maxNotional: null, rate: '0.02' },
  ],
  initialPrice: '230',
  volatility: '0.000001',
} as const;

/** Lists AAPL_PERP (with `overrides`) as the admin. */
export async function createPerpMarket(url: string, adminToken: string, overrides: Record<string, unknown> = {}): Promise<void> {
  await request(url).post('/api/v1/admin/markets').set(bearer(adminToken)).send({ ...AAPL_PERP, ...overrides }).expect(201);
}

/** Moves `amount` of `asset` from the user's SPOT account to MARGIN. */
export async function toMargin(url: string, token: string, asset: string, amount: string): Promise<void> {
  await request(url).post('/api/v1/wallet/transfers').set(bearer(token)).send({ asset, amount, from: 'SPOT', to: 'MARGIN' }).expect(201);
}

/**
 * The perpetual invariants a suite checks after each step, on its own
 * database: the ledger reconciles with nothing negative, the market's sizes
 * sum to zero, and CLEARING holds Σ entry value of shorts − Σ entry value of
 * longs of the settlement asset (docs/positions.md).
 */
export async function expectPerpInvariants(url: string, adminToken: string, databaseUrl: string, symbol: string, asset: string): Promise<void> {
  const report = await reconcile(url, adminToken);
  expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT COALESCE(sum(size), 0) FROM positions.positions WHERE symbol = $1)::text AS oi,
              (SELECT COALESCE(sum(CASE WHEN size < 0 THEN entry_value ELSE -entry_value END), 0) FROM positions.positions WHERE asset = $2)::text AS implied,
              (SELECT COALESCE(sum(available), 0) FROM wallet.accounts WHERE kind = 'CLEARING' AND asset = $2)::text AS clearing`,
      [symbol, asset],
    );
    expect(rows[0].oi).toBe('0');
    expect(rows[0].clearing).toBe(rows[0].implied);
  } finally {
    await client.end();
  }
}

import { Client } from 'pg';
import { AppServer, startAppServer } from '../lib/app-server';
import { Histogram } from '../lib/histogram';
import { HttpClient } from '../lib/http-load';
import { Api, inParallel } from './liquidation-cascade-setup';
import { BenchUser } from './orders-flow';
import { setupUsers } from './orders-http';

/**
 * The trigger-storm's market, users and measurements: SOL-USD, a spot market of its own (price 0.01, quantity 1 SOL: USD has 2 decimals) (its
 * price moves alone: the admin price route moves every market of the same base AND quote, and
 * no other market quotes SOL in USD), priced 100.00 with a feed walk of ~0 (volatility 1e-6), so
 * nothing but the admin's move reaches the stops.
 */

export const SYMBOL = 'SOL-USD';
export const MARKET = {
  symbol: SYMBOL,
  kind: 'SPOT',
  baseAsset: 'SOL',
  quoteAsset: 'USD',
  tickSize: '0.01',
  stepSize: '1',
  minQuantity: '1',
  minNotional: '1',
  makerFeeRate: '0.001',
  takerFeeRate: '0.002',
  maxLeverage: 1,
  priceBandRate: '0.1',
  maintenanceMarginTiers: [],
  initialPrice: '100.00',
  volatility: '0.000001',
} as const;

/**
 * The app as a deployment runs it, with the trigger monitor on: FEED_INTERVAL_MS=1000 and
 * TRIGGER_INTERVAL_MS=200 (the defaults), pool 16, no risk monitor, mark formula nor funding.
 */
export function startTriggerApp(log: (m: string) => void, admin: { email: string; password: string }): Promise<AppServer> {
  return startAppServer({
    log,
    poolSize: 16,
    env: {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '1000',
      TRIGGER_MONITOR: 'true',
      TRIGGER_INTERVAL_MS: '200',
      RISK_MONITOR: 'false',
      MARK_PRICE_FORMULA: 'false',
      FUNDING_ENABLED: 'false',
    },
  });
}

/** One storm: every stop at `trigger`, the bids at `fill`, the price moved to `fill`. */
export interface StormPlan {
  readonly trigger: string;
  readonly fill: string;
}

export interface StormResult {
  readonly stops: number;
  /** The admin's POST .../price answered (its request sent just before). */
  readonly requestAt: number;
  /** The feed tick that published the new mark (market.price_samples.ts: the tick's start). */
  readonly tickAt: number;
  readonly filled: number;
  /** max(updated_at) of the stops once all are FILLED (or when the wait ended). */
  readonly lastFillAt: number;
  /** Per stop: the first orders.OrderUpdated outbox row with its trigger's triggeredAt, occurred_at minus tickAt (in us). */
  readonly eventMs: Histogram;
  readonly events: number;
  readonly firstEventMs: number;
  readonly lastEventMs: number;
  /** orders.triggered_at (the turn's clock) minus tickAt: first and last, ms. */
  readonly firstTriggeredMs: number;
  readonly lastTriggeredMs: number;
  /** Transactions (batches of the market's turns) that wrote the trigger events, and the largest's count. */
  readonly batches: number;
  readonly largestBatch: number;
}

export async function adminToken(api: Api, email: string, password: string): Promise<string> {
  return ((await api.call('POST', '/api/v1/auth/login', null, { email, password }, 200)) as { accessToken: string }).accessToken;
}

export async function waitMark(api: Api, symbol: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await api.mark(symbol).catch(() => null)) === null) {
    if (Date.now() > deadline) throw new Error(`no mark price of ${symbol} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `count` users with `sol` SOL each (faucet), and `makers` users with 100,000 USD each. */
export async function stormUsers(client: HttpClient, count: number, sol: string, makers: number, log: (m: string) => void): Promise<{ users: BenchUser[]; makers: BenchUser[] }> {
  const runId = Date.now().toString(36);
  const users = await setupUsers(client, count, `storm-${runId}`, log, { funding: [['SOL', sol]], label: 'trigger-storm' });
  const makerUsers = await setupUsers(client, makers, `storm-maker-${runId}`, log, { funding: [['USD', '100000']], label: 'trigger-storm makers' });
  return { users, makers: makerUsers };
}

/** Each user's STOP_MARKET sell of 1 SOL at `trigger`; the maker's bids for all of them at `fill` (ten orders). Answers the stops' ids. */
export async function placeStorm(api: Api, users: readonly BenchUser[], maker: BenchUser, plan: StormPlan): Promise<string[]> {
  const ids = (await placeStops(api, users, () => plan.trigger)).map((s) => s.id);
  await placeBids(api, maker, users.length, plan.fill);
  return ids;
}

/** User i's STOP_MARKET sell of 1 SOL at `triggerOf(i)` (16 at once); answers each stop's id and trigger price. */
export async function placeStops(api: Api, users: readonly BenchUser[], triggerOf: (i: number) => string): Promise<{ id: string; trigger: string }[]> {
  const stops: { id: string; trigger: string }[] = [];
  await inParallel(
    users.map((u, i) => ({ u, trigger: triggerOf(i) })),
    16,
    async ({ u, trigger }) => {
      const body = { symbol: SYMBOL, side: 'SELL', type: 'STOP_MARKET', quantity: '1', triggerPrice: trigger };
      const order = (await api.call('POST', '/api/v1/orders', u.token, body, 201)) as { id: string; status: string };
      if (order.status !== 'UNTRIGGERED') throw new Error(`a stop was ${order.status}`);
      stops.push({ id: order.id, trigger });
    },
  );
  return stops;
}

/** The maker's bids for `quantity` SOL at `price`, in ten orders (one when fewer than ten). */
export async function placeBids(api: Api, maker: BenchUser, quantity: number, price: string): Promise<void> {
  const parts = quantity % 10 === 0 ? 10 : 1;
  for (let i = 0; i < parts; i++) await api.call('POST', '/api/v1/orders', maker.token, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: `${quantity / parts}`, price }, 201);
}

const ms = (d: Date | null) => (d === null ? Number.NaN : d.getTime());

/** Moves the price to `plan.fill` and waits (up to `timeoutMs`) until every stop is FILLED; then reads the times. */
export async function runStorm(api: Api, db: Client, admin: string, ids: readonly string[], plan: StormPlan, timeoutMs: number): Promise<StormResult> {
  const before = (await db.query(`SELECT mark_price::text AS mark FROM market.price_samples WHERE symbol = $1 ORDER BY seq DESC LIMIT 1`, [SYMBOL])).rows[0] as { mark: string };
  const sentAt = Date.now();
  await api.call('POST', `/api/v1/admin/markets/${SYMBOL}/price`, admin, { price: plan.fill }, 202);
  const requestAt = Date.now();
  const deadline = requestAt + timeoutMs;
  let filled = 0;
  let lastFill: Date | null = null;
  for (;;) {
    const r = (await db.query(`SELECT count(*) FILTER (WHERE status = 'FILLED')::int AS n, max(updated_at) AS last FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids])).rows[0] as { n: number; last: Date | null };
    filled = r.n;
    lastFill = r.last;
    if (filled === ids.length || Date.now() > deadline) break;
    await new Promise((r2) => setTimeout(r2, 50));
  }
  const tick = (
    await db.query(`SELECT ts FROM market.price_samples WHERE symbol = $1 AND ts >= $2 AND mark_price < $3::numeric ORDER BY seq LIMIT 1`, [SYMBOL, new Date(sentAt - 5), before.mark])
  ).rows[0] as { ts: Date } | undefined;
  if (!tick) throw new Error('no feed tick with the new mark was recorded');
  const tickAt = tick.ts.getTime();
  const rows = (
    await db.query(
      `SELECT payload->>'orderId' AS id, min(occurred_at) AS occurred FROM platform.outbox
       WHERE type = 'orders.OrderUpdated' AND payload->>'orderId' = ANY($1::text[]) AND payload->'trigger'->>'triggeredAt' IS NOT NULL GROUP BY 1`,
      [ids],
    )
  ).rows as { id: string; occurred: Date }[];
  const eventMs = new Histogram();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const d = r.occurred.getTime() - tickAt;
    eventMs.record(Math.max(0, d) * 1000);
    first = Math.min(first, d);
    last = Math.max(last, d);
  }
  // The turns that triggered them: one outbox transaction per batch (group commit).
  const tx = (
    await db.query(
      `SELECT count(*)::int AS batches, max(n)::int AS largest FROM (SELECT tx_id, count(*) AS n FROM platform.outbox
       WHERE type = 'orders.OrderUpdated' AND payload->>'orderId' = ANY($1::text[]) AND payload->'trigger'->>'triggeredAt' IS NOT NULL GROUP BY tx_id) b`,
      [ids],
    )
  ).rows[0] as { batches: number; largest: number };
  const trig = (await db.query(`SELECT min(triggered_at) AS first, max(triggered_at) AS last FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids])).rows[0] as { first: Date | null; last: Date | null };
  return {
    stops: ids.length,
    requestAt,
    tickAt,
    filled,
    lastFillAt: ms(lastFill),
    eventMs,
    events: rows.length,
    firstEventMs: first,
    lastEventMs: last,
    firstTriggeredMs: ms(trig.first) - tickAt,
    lastTriggeredMs: ms(trig.last) - tickAt,
    batches: tx.batches,
    largestBatch: tx.largest,
  };
}

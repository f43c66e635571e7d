import { Client } from 'pg';
import { startAppServer } from '../lib/app-server';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { Api, Market, below, inParallel, setUpCascade } from './liquidation-cascade-setup';

/**
 * Issue 15: the cascade (1,000 positions of 100 users on ten perpetuals, every index down 10 % over
 * five feed ticks) completes end to end, detection to settled ledger, in under 10 s.
 *
 * The app (RISK_MONITOR=true every 100 ms, FEED_INTERVAL_MS=200, MARK_PRICE_FORMULA=false, no
 * liquidity bots) on its own database; the scenario of test/liquidation-cascade.e2e-spec.ts
 * (liquidation-cascade-setup.ts). Ours: from the first price-shock request to the created_at of
 * the last liquidation's ledger transaction (one with an INSURANCE_FUND TRADE posting), taken once
 * the count of those has not moved for QUIET_MS and no open position is below maintenance (the
 * API's marginRatio and /account/margin, as the e2e test checks).
 * Reference, in the same run, after the cascade: as many IOC reduce-only closes as positions were
 * liquidated, of the same sizes, sent by the surviving users through POST /api/v1/orders at full
 * speed (CONCURRENCY in flight) against a maker's fresh quotes (its ladder's remains cancelled first): what the order path alone takes
 * for that much work.
 */

const NAME = 'liquidation-cascade';
const TARGET_MS = 10_000;
const QUIET_MS = 3000;
const CONCURRENCY = 32;

const LIQUIDATIONS = `SELECT count(*)::int AS n, max(t.created_at) AS last FROM wallet.ledger_transactions t
  WHERE EXISTS (SELECT 1 FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id
                WHERE p.transaction_id = t.id AND a.kind = 'INSURANCE_FUND' AND p.type = 'TRADE')`;

export const liquidationCascadeScenario: Scenario = {
  name: NAME,
  description: 'The issue 15 cascade (1,000 positions, -10 % over five ticks) end to end vs the same count of IOC reduce-only closes through POST /orders',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const adminEmail = 'bench-cascade-admin@example.com';
    const adminPassword = 'admin passphrase for the bench';
    const app = await startAppServer({
      log: ctx.log,
      poolSize: 16,
      env: {
        ADMIN_EMAIL: adminEmail,
        ADMIN_PASSWORD: adminPassword,
        FEED_ENABLED: 'true',
        FEED_INTERVAL_MS: '200',
        RISK_MONITOR: 'true',
        RISK_MONITOR_INTERVAL_MS: '100',
        MARK_PRICE_FORMULA: 'false',
        FUNDING_ENABLED: 'false',
      },
    });
    const db = new Client({ connectionString: app.databaseUrl });
    try {
      await db.connect();
      const api = new Api(app.url);
      const t0 = Date.now();
      const cascade = await setUpCascade(api, adminEmail, adminPassword, ctx.log);
      const open = (await db.query(`SELECT count(*)::int AS n FROM positions.positions WHERE size <> 0`)).rows[0].n as number;
      ctx.log(`${NAME}: ${open} open positions, maker ladder placed, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      const closedBefore = (await db.query(`SELECT count(*)::int AS n FROM positions.closed_positions`)).rows[0].n as number;

      // The shock: every index down 10 % over five ticks.
      const shockAt = Date.now();
      for (const m of cascade.markets) await api.call('POST', `/api/v1/admin/markets/${m.symbol}/price-shock`, cascade.admin, { percent: '-10', overSeconds: 1 }, 202);
      let count = -1;
      let stableSince = Date.now();
      let last: Date | null = null;
      const deadline = Date.now() + 120_000;
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const r = (await db.query(LIQUIDATIONS)).rows[0] as { n: number; last: Date | null };
        if (r.n !== count) {
          count = r.n;
          last = r.last;
          stableSince = Date.now();
        }
        if (Date.now() - stableSince >= QUIET_MS && Date.now() - shockAt >= 2000) {
          const left = await below(api, cascade.users);
          if (left.length === 0) break;
          ctx.log(`${NAME}: ${left.length} still below maintenance, waiting`);
          stableSince = Date.now();
        }
        if (Date.now() > deadline) throw new Error(`${NAME}: the cascade did not end within 120 s`);
      }
      const cascadeMs = last === null ? Number.NaN : last.getTime() - shockAt;
      const closed = ((await db.query(`SELECT count(*)::int AS n FROM positions.closed_positions`)).rows[0].n as number) - closedBefore;
      const sizes = (await db.query(`SELECT count(*)::int AS n FROM (SELECT symbol FROM positions.positions GROUP BY symbol HAVING sum(size) <> 0) s`)).rows[0].n as number;
      // As the ledger's reconciliation counts them: EXTERNAL and CLEARING may be negative on AVAILABLE.
      const negative = (await db.query(`SELECT count(*)::int AS n FROM wallet.accounts WHERE (available < 0 AND kind NOT IN ('EXTERNAL', 'CLEARING')) OR locked < 0`)).rows[0].n as number;
      const unbalanced = (await db.query(`SELECT count(*)::int AS n FROM (SELECT a.asset FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id GROUP BY a.asset HAVING sum(p.amount) <> 0) s`)).rows[0].n as number;
      ctx.log(`${NAME}: cascade ${cascadeMs} ms, ${count} liquidation fills, ${closed} positions closed`);

      // The reference: as many IOC reduce-only closes through POST /orders, at full speed.
      const closes = await referenceCloses(api, db, cascade.markets, cascade.maker, cascade.users, Math.max(closed, 1));
      const r0 = Date.now();
      let filled = 0;
      const statuses = new Map<string, number>();
      await inParallel(closes, CONCURRENCY, async (c) => {
        const body = (await api.call('POST', '/api/v1/orders', c.token, c.body, 201)) as { status: string };
        statuses.set(body.status, (statuses.get(body.status) ?? 0) + 1);
        if (body.status === 'FILLED') filled++;
      });
      const referenceMs = Date.now() - r0;
      ctx.log(`${NAME}: reference ${closes.length} IOC reduce-only closes in ${referenceMs} ms (${[...statuses].map(([k, n]) => `${n} ${k}`).join(', ')})`);

      const row = (metric: string, o: number | string | null, f: number | string | null, target: string, pass: boolean | null): ResultRow => ({
        scenario: NAME,
        metric,
        ours: o,
        reference: f,
        ratio: typeof o === 'number' && typeof f === 'number' && f > 0 ? o / f : null,
        target,
        pass,
      });
      return {
        rows: [
          row(`cascade s, shock to last liquidation settled (${open} positions) vs ${closes.length} IOC closes via POST /orders`, cascadeMs / 1000, referenceMs / 1000, '< 10 s', cascadeMs < TARGET_MS),
          row('positions liquidated (closed by the cascade)', closed, null, '> 150 (about a third)', closed > 150),
          row('liquidation fills settled (INSURANCE_FUND TRADE transactions)', count, null, '', null),
          row('reference closes filled', filled, closes.length, '', null),
          row('after: below maintenance / markets long != short / assets whose postings do not sum to 0 / negative balances', `0 / ${sizes} / ${unbalanced} / ${negative}`, null, '0 / 0 / 0 / 0', sizes === 0 && unbalanced === 0 && negative === 0),
        ],
        details: { openPositions: open, cascadeMs, liquidationFills: count, closed, referenceMs, referenceCloses: closes.length, referenceFilled: filled },
      };
    } finally {
      await db.end().catch(() => undefined);
      await app.stop().catch(() => undefined);
      await app.dropDatabase();
    }
  },
};

interface Close {
  readonly token: string;
  readonly body: Record<string, unknown>;
}

/**
 * `count` closes of surviving positions (shorts first: all of them survive), each market's maker
 * quoting both sides 1 % around the mark for every open position, so each close fills.
 */
async function referenceCloses(api: Api, db: Client, markets: readonly Market[], maker: string, users: ReadonlyMap<string, string>, count: number): Promise<Close[]> {
  const open = (await db.query(`SELECT user_id::text AS user_id, symbol, size::text AS size FROM positions.positions WHERE size <> 0 ORDER BY size < 0 DESC, symbol, user_id`)).rows as { user_id: string; symbol: string; size: string }[];
  const picked = open.filter((p) => users.has(p.user_id)).slice(0, count);
  const scales = (await db.query(`SELECT symbol, quantity_scale FROM market.instruments`)).rows as { symbol: string; quantity_scale: number }[];
  const scale = new Map(scales.map((r) => [r.symbol, r.quantity_scale]));
  const fmt = (units: bigint, decimals: number) => {
    const s = units.toString().padStart(decimals + 1, '0');
    return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
  };
  const closes: Close[] = [];
  // What is left of the cascade's ladder would cross the maker's new asks (self-trade prevention).
  await api.call('DELETE', '/api/v1/orders', maker, undefined, 200);
  for (const m of markets) {
    const mark = await api.mark(m.symbol);
    const mine = picked.filter((p) => p.symbol === m.symbol);
    const d = scale.get(m.symbol)!;
    const buy = mine.filter((p) => p.size.startsWith('-')).reduce((s, p) => s - BigInt(p.size), 0n);
    const sell = mine.filter((p) => !p.size.startsWith('-')).reduce((s, p) => s + BigInt(p.size), 0n);
    if (buy > 0n) await api.call('POST', '/api/v1/orders', maker, { symbol: m.symbol, side: 'SELL', type: 'LIMIT', quantity: fmt(buy, d), price: `${(mark * 101n) / 100n}` }, 201);
    if (sell > 0n) await api.call('POST', '/api/v1/orders', maker, { symbol: m.symbol, side: 'BUY', type: 'LIMIT', quantity: fmt(sell, d), price: `${(mark * 99n) / 100n}` }, 201);
    for (const p of mine) {
      const units = BigInt(p.size);
      const short = units < 0n;
      const quantity = fmt(short ? -units : units, d);
      const body = { symbol: m.symbol, side: short ? 'BUY' : 'SELL', type: 'LIMIT', timeInForce: 'IOC', reduceOnly: true, quantity, price: `${(mark * (short ? 102n : 98n)) / 100n}` };
      closes.push({ token: users.get(p.user_id)!, body });
    }
  }
  return closes;
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { summarizeProfile } from '../lib/cpu-profile';
import { AppServer, repoRoot, startAppServer } from '../lib/app-server';
import { ResultRow } from '../lib/types';
import { Api } from './liquidation-cascade-setup';

/**
 * The end-to-end half of funding-settlement: one funding time of BTC-PERP over `count` open
 * positions through the app's own funding job (FundingJob -> FundingSettler -> the FUND command in
 * the market's turn -> one PAY_FUNDING ledger transaction and the risk.funding_rates row).
 *
 * 1. The app boots on a fresh database (migrations, BTC-PERP, its mark); a user's faucet deposit
 *    creates the EXTERNAL USDT account; the app stops.
 * 2. Seeded in SQL: `count` users, half long and half short BTC-PERP by the same sizes (0.001 to
 *    0.1 BTC, CROSS, leverage 10, entry at the mark), each with BALANCE USDT on MARGIN credited by
 *    one ledger transaction from EXTERNAL (so the ledger reconciles); a funding_rates row for the
 *    funding time before T, so that the app settles T, the next funding time (FUNDING_INTERVAL
 *    INTERVAL_S s), and nothing at boot.
 * 3. The app restarts with FUNDING_ENABLED=true; ours = when T's funding_rates row is seen
 *    (polled every 50 ms) minus T. The job looks for a due time every second: up to 1 s of it is
 *    waiting, not work.
 * 4. Exactly once: the app is restarted again on the same database within T's interval (a new
 *    funding job finds T recorded); then T must have one funding_rates row, one ledger transaction,
 *    and every user's MARGIN balance must be BALANCE + its exact payment once.
 * With --profile=N (any N), the app's CPU profile of that window is written to bench/results.
 * Reference: a naive loop, one ledger transaction per position (BEGIN; the transaction row; two
 * postings; both balances; COMMIT) on one connection, on the same database with the app stopped,
 * run for at most REF_LIMIT_MS (or all positions) and scaled to `count` positions.
 */

const INTERVAL_S = 60;
/** T is at least this far after the seeding, so that the restarted app is up before it. */
const LEAD_MS = 40_000;
const BALANCE = 10_000_000_000n; // 10,000 USDT (6 decimals)
const REF_LIMIT_MS = 15_000;
const REF_MAX = 10_000;
const APP_ENV = { FEED_ENABLED: 'true', RISK_MONITOR: 'false', MARK_PRICE_FORMULA: 'false' };

export interface EndToEnd {
  readonly rows: readonly ResultRow[];
  readonly details: Record<string, unknown>;
}

async function seed(db: Client, count: number, price: bigint, unit: bigint, external: string): Promise<void> {
  await db.query('BEGIN');
  await db.query(
    `CREATE TABLE public.bench_funding_seed AS
       SELECT i, gen_random_uuid() AS user_id, gen_random_uuid() AS account_id, (1 + (i / 2) % 100)::numeric AS lots,
              CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END AS sign
       FROM generate_series(0, $1::int - 1) i`,
    [count],
  );
  await db.query(
    `INSERT INTO positions.positions (user_id, symbol, asset, leverage, margin_mode, isolated_margin, size, entry_value, realized_pnl, fees,
                                      opened_quantity, opened_value, closed_quantity, closed_value, opened_at, updated_at, version)
     SELECT user_id, 'BTC-PERP', 'USDT', 10, 'CROSS', 0, sign * lots, lots * $1::numeric, 0, 0, lots, lots * $1::numeric, 0, 0, now(), now(), 1
     FROM public.bench_funding_seed`,
    [(price * unit).toString()],
  );
  await db.query(`INSERT INTO wallet.accounts (id, owner_id, kind, asset, available, locked, updated_at) SELECT account_id, user_id, 'MARGIN', 'USDT', $1::numeric, 0, now() FROM public.bench_funding_seed`, [BALANCE.toString()]);
  const tx = (await db.query(`INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at) VALUES (gen_random_uuid(), 'ADJUSTMENT', 'bench:funding-seed', '{}', now()) RETURNING id`)).rows[0].id as string;
  await db.query(
    `INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
     SELECT $1::uuid, account_id, 'USDT', 'AVAILABLE', $2::numeric, 'ADJUSTMENT', now() FROM public.bench_funding_seed
     UNION ALL SELECT $1::uuid, $3::uuid, 'USDT', 'AVAILABLE', -$2::numeric * $4::int, 'ADJUSTMENT', now()`,
    [tx, BALANCE.toString(), external, count],
  );
  await db.query(`UPDATE wallet.accounts SET available = available - $1::numeric * $2::int WHERE id = $3`, [BALANCE.toString(), count, external]);
  await db.query('COMMIT');
}

/** The app's CPU profile from its boot's end to the record (--profile=N), summarised in the log. */
async function profileOf(app: AppServer, due: number, log: (m: string) => void): Promise<ReturnType<typeof summarizeProfile>> {
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `funding-settlement-${new Date(due).toISOString().replace(/:/g, '-')}.cpuprofile`);
  await app.probe('profile-stop', file);
  const profile = summarizeProfile(file, 12);
  log(`funding-settlement: app CPU profile ${file}: ${profile.byArea.slice(0, 6).map((a) => `${a.area} ${Math.round(a.ms)} ms`).join(', ')}`);
  log(`  top functions: ${profile.topFunctions.slice(0, 10).map((f) => `${f.fn} (${f.where}) ${Math.round(f.ms)} ms`).join('; ')}`);
  return profile;
}

/** The naive reference: one ledger transaction per position, on one connection. */
async function naive(db: Client, count: number, external: string, payment: (lots: bigint, sign: number) => bigint): Promise<{ done: number; ms: number }> {
  const rows = (await db.query(`SELECT i, account_id, lots::text AS lots, sign FROM public.bench_funding_seed ORDER BY i LIMIT $1`, [Math.min(count, REF_MAX)])).rows as { i: number; account_id: string; lots: string; sign: number }[];
  const t0 = Date.now();
  let done = 0;
  for (const r of rows) {
    const amount = payment(BigInt(r.lots), r.sign);
    await db.query('BEGIN');
    const tx = (await db.query(`INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at) VALUES (gen_random_uuid(), 'FUNDING', $1, '{}', now()) RETURNING id`, [`bench:naive-funding:${r.i}`])).rows[0].id as string;
    await db.query(
      `INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at) VALUES ($1, $2, 'USDT', 'AVAILABLE', $3::numeric, 'FUNDING', now()), ($1, $4, 'USDT', 'AVAILABLE', -$3::numeric, 'FUNDING', now())`,
      [tx, r.account_id, amount.toString(), external],
    );
    await db.query(`UPDATE wallet.accounts SET available = available + $1::numeric, updated_at = now() WHERE id = $2`, [amount.toString(), r.account_id]);
    await db.query(`UPDATE wallet.accounts SET available = available - $1::numeric, updated_at = now() WHERE id = $2`, [amount.toString(), external]);
    await db.query('COMMIT');
    done++;
    if (Date.now() - t0 > REF_LIMIT_MS) break;
  }
  return { done, ms: Date.now() - t0 };
}

export async function fundingEndToEnd(count: number, profiled: boolean, log: (m: string) => void, row: (metric: string, o: number | string | null, f: number | string | null, target: string, pass: boolean | null) => ResultRow): Promise<EndToEnd> {
  const first = await startAppServer({ log, poolSize: 16, env: { ...APP_ENV, FUNDING_ENABLED: 'false' } });
  let app: AppServer = first;
  const databaseName = app.databaseName;
  const db = new Client({ connectionString: app.databaseUrl });
  try {
    const api = new Api(app.url);
    const user = await api.register(0);
    await api.call('POST', '/api/v1/wallet/deposits', user.token, { asset: 'USDT', amount: '100' }, 201);
    for (let i = 0; ; i++) {
      if ((await api.mark('BTC-PERP').catch(() => null)) !== null) break;
      if (i > 100) throw new Error('no BTC-PERP mark');
      await new Promise((r) => setTimeout(r, 200));
    }
    await app.stop();
    await db.connect();
    const external = (await db.query(`SELECT id FROM wallet.accounts WHERE kind = 'EXTERNAL' AND asset = 'USDT'`)).rows[0].id as string;
    const spec = (await db.query(`SELECT i.price_scale, i.quantity_scale, a.decimals FROM market.instruments i JOIN wallet.assets a ON a.code = i.quote_asset WHERE i.symbol = 'BTC-PERP'`)).rows[0] as { price_scale: number; quantity_scale: number; decimals: number };
    const unit = 10n ** BigInt(spec.decimals - spec.price_scale - spec.quantity_scale);
    const price = 90_000n * 10n ** BigInt(spec.price_scale); // entry values only
    const s0 = Date.now();
    await seed(db, count, price, unit, external);
    const intervalMs = INTERVAL_S * 1000;
    const due = Math.ceil((Date.now() + LEAD_MS) / intervalMs) * intervalMs;
    await db.query(`INSERT INTO risk.funding_rates (symbol, funding_time, rate, mark, paid, received, remainder, positions, settled_at) VALUES ('BTC-PERP', $1, 0, 1, 0, 0, 0, 0, now())`, [new Date(due - intervalMs)]);
    log(`funding-settlement: ${count} positions and balances seeded in ${((Date.now() - s0) / 1000).toFixed(1)} s; funding time ${new Date(due).toISOString()}`);

    const env = { ...APP_ENV, FUNDING_ENABLED: 'true', FUNDING_INTERVAL: `${INTERVAL_S}s` };
    app = await startAppServer({ log, poolSize: 16, env, databaseName });
    const readyBefore = Date.now() < due;
    await app.probe('reset');
    if (profiled) await app.probe('profile-start');
    let seenAt = 0;
    for (;;) {
      const r = await db.query(`SELECT settled_at, rate::text AS rate, mark::text AS mark, paid::text AS paid, received::text AS received, remainder::text AS remainder, positions FROM risk.funding_rates WHERE symbol = 'BTC-PERP' AND funding_time = $1`, [new Date(due)]);
      if (r.rows.length > 0) {
        seenAt = Date.now();
        break;
      }
      if (Date.now() > due + 120_000) throw new Error(`funding time not settled within 120 s:\n${app.output()}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    const record = (await db.query(`SELECT settled_at, rate::text AS rate, mark::text AS mark, paid::text AS paid, received::text AS received, remainder::text AS remainder, positions FROM risk.funding_rates WHERE symbol = 'BTC-PERP' AND funding_time = $1`, [new Date(due)])).rows[0] as { settled_at: Date; rate: string; mark: string; paid: string; received: string; remainder: string; positions: number };
    const settledMs = seenAt - due;
    // Where the time went: the app's statements from its boot's end to the record (the funding time's work, mostly).
    const stats = await app.probe('stats');
    const top = [...stats.statements].sort((a, b) => b.p99Ms - a.p99Ms).slice(0, 5);
    const profile = profiled ? await profileOf(app, due, log) : null;
    log(`funding-settlement: app ${stats.queries} statements, CPU ${Math.round(stats.cpuUserMs + stats.cpuSystemMs)} ms; slowest: ${top.map((t) => `${t.count}x ${Math.round(t.p99Ms)} ms ${t.text}`).join(' | ')}`);
    log(`funding-settlement: the app settled ${record.positions} positions ${settledMs} ms after the funding time (decision at +${record.settled_at.getTime() - due} ms), rate ${record.rate}, mark ${record.mark}`);
    await new Promise((r) => setTimeout(r, 1000));
    await app.stop();
    // A new funding job on the same database, within the same interval: T again must pay nothing.
    app = await startAppServer({ log, poolSize: 16, env, databaseName });
    await new Promise((r) => setTimeout(r, 3000));
    await app.stop();

    const reference = `funding:BTC-PERP:${new Date(due).toISOString()}`;
    const txs = (await db.query(`SELECT count(*)::int AS n FROM wallet.ledger_transactions WHERE reference = $1`, [reference])).rows[0].n as number;
    const records = (await db.query(`SELECT count(*)::int AS n FROM risk.funding_rates WHERE symbol = 'BTC-PERP' AND funding_time = $1`, [new Date(due)])).rows[0].n as number;
    const sum = (await db.query(`SELECT COALESCE(sum(p.amount), 0)::text AS s, count(*)::int AS n FROM wallet.postings p JOIN wallet.ledger_transactions t ON t.id = p.transaction_id WHERE t.reference = $1`, [reference])).rows[0] as { s: string; n: number };
    const rate = BigInt(record.rate);
    const mark = BigInt(record.mark);
    const E8 = 100_000_000n;
    const payment = (lots: bigint, sign: number): bigint => {
      const exact = lots * mark * unit * (rate < 0n ? -rate : rate);
      return sign > 0 === rate > 0n ? -((exact + E8 - 1n) / E8) : exact / E8;
    };
    // Every user's balance: BALANCE + its exact payment, once (the same formula in SQL).
    const wrong = (await db.query(
      `SELECT count(*)::int AS n FROM public.bench_funding_seed s JOIN wallet.accounts a ON a.id = s.account_id
       WHERE a.available <> $1::numeric + CASE WHEN (s.sign > 0) = ($2::numeric > 0)
             THEN -ceil(s.lots * $3::numeric * $4::numeric * abs($2::numeric) / 1e8) ELSE floor(s.lots * $3::numeric * $4::numeric * abs($2::numeric) / 1e8) END`,
      [BALANCE.toString(), record.rate, record.mark, unit.toString()],
    )).rows[0].n as number;
    const conserved = BigInt(sum.s) === 0n && BigInt(record.paid) === BigInt(record.received) + BigInt(record.remainder);

    const ref = await naive(db, count, external, payment);
    const refMs = (ref.ms * count) / Math.max(ref.done, 1);
    log(`funding-settlement: naive reference ${ref.done} transactions in ${ref.ms} ms, ${(refMs / 1000).toFixed(1)} s for ${count}`);
    const rows = [
      row(`end to end s: funding time due -> settled by the app's job (${count} positions; <= 1 s is the job's poll) vs naive loop`, settledMs / 1000, Math.round(refMs / 100) / 10, '< 10 s', settledMs < 10_000),
      row(`exactly once after a restart: funding records / ledger transactions of the time`, `${records} / ${txs}`, null, '1 / 1', records === 1 && txs === 1),
      row(`every balance = seeded + its exact payment, once (users off)`, wrong, null, '0', wrong === 0),
      row(`conservation: postings sum 0, paid = received + remainder (${record.paid} = ${record.received} + ${record.remainder})`, conserved ? 'yes' : 'no', null, 'yes', conserved),
    ];
    if (!readyBefore) rows.push(row('note: the app was not ready before the funding time (the figure includes boot)', 'late', null, '', null));
    return {
      rows,
      details: { positions: count, settledMs, appQueries: stats.queries, appCpuMs: stats.cpuUserMs + stats.cpuSystemMs, topStatements: top, profile, decisionMs: record.settled_at.getTime() - due, record, postings: sum.n, naive: { ...ref, extrapolatedMs: refMs } },
    };
  } finally {
    await db.end().catch(() => undefined);
    await app.stop().catch(() => undefined);
    await first.dropDatabase();
  }
}

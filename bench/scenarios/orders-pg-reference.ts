import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, PoolClient } from 'pg';
import { Histogram } from '../lib/histogram';
import { MIX } from './orders-flow';

/**
 * The node-postgres reference of orders-http: the database work of one order placement, with no
 * HTTP, no Nest, no TypeORM, on the same tables of the same (fresh) database, after the app has
 * stopped. Two variants of the very same work:
 *
 * - N round trips: the statements the app sends, one by one, in one transaction (the SQL of
 *   TypeOrmLedgerRepository, SqlOrderRepository and OutboxWriter, same parameters as arrays);
 * - 1 round trip: one call to a PL/pgSQL function (created in a `bench_ref` schema of the bench
 *   database) that runs the same statements server-side from one jsonb argument.
 *
 * Two transaction shapes, mixed like the HTTP load (resting vs trading orders):
 * - resting limit order: hold (ensure account, lock it, ledger transaction, 2 postings, balance
 *   update, BalanceChanged event), insert the order, OrderUpdated + BookChanged events;
 * - limit order that takes one maker: the hold as above, read the maker, insert the taker,
 *   update the maker, insert the trade, the settlement ledger transaction (5 accounts, 5
 *   postings, the FEES account included, 4 BalanceChanged events), 6 order/fill/trade/book events.
 *
 * Each worker is one pooled connection running transactions back to back (closed loop), with
 * its own share of the users (needs at least two users per worker).
 */

export interface PgReferenceRun {
  readonly concurrency: number;
  /** Transactions per second. */
  readonly nRoundTrips: number;
  readonly oneRoundTrip: number;
  readonly nP99Ms: number;
  readonly oneP99Ms: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly roundTrips: { readonly label: string; readonly resting: number; readonly trading: number };
}

export interface PgReference {
  readonly runs: readonly PgReferenceRun[];
  readonly tradingShare: number;
  readonly seconds: number;
}

interface PostSpec {
  id: string;
  now: string;
  type: string;
  reference: string;
  metadata: Record<string, unknown>;
  accounts: { n: number; owner_id: string; kind: string; asset: string; da: string; dl: string }[];
  postings: { n: number; asset: string; bucket: string; amount: string }[];
  events: OutboxEvent[];
}

interface OutboxEvent {
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: string;
}

type OrderRow = Record<string, string | number | null>;

interface Work {
  hold: PostSpec;
  order: OrderRow;
  maker?: string;
  makerUpdate?: OrderRow;
  trade?: Record<string, string>;
  settle?: PostSpec;
  events: OutboxEvent[];
}

const SYSTEM_OWNER = '00000000-0000-0000-0000-000000000000';
const SYMBOL = 'ETH-USDT';
const BASE = 'ETH';
const QUOTE = 'USDT';
/** Tiny amounts: the users' faucet balances cover any number of transactions. */
const QUOTE_UNITS = 1000n;
const FEE_UNITS = 1n;
const BASE_UNITS = 1n;
const PRICE = '340000';

/**
 * The columns of orders.orders as the database has them (read at start): the schema evolves, and a
 * NOT NULL column this file does not know gets a neutral value (0, '', now, a new uuid, false).
 */
interface Column {
  readonly name: string;
  readonly cast: string;
  readonly neutral: () => string | null;
}
let orderColumns: Column[] = [];

const CASTS: Record<string, [cast: string, neutral: () => string | null]> = {
  uuid: ['uuid', () => randomUUID()],
  text: ['text', () => ''],
  varchar: ['text', () => ''],
  numeric: ['numeric', () => '0'],
  int8: ['bigint', () => '0'],
  int4: ['int', () => '0'],
  int2: ['smallint', () => '0'],
  bool: ['boolean', () => 'false'],
  timestamptz: ['timestamptz', () => new Date().toISOString()],
  jsonb: ['jsonb', () => '{}'],
};

async function readOrderColumns(pool: Pool): Promise<Column[]> {
  const { rows } = await pool.query<{ column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, udt_name, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = 'orders' AND table_name = 'orders' ORDER BY ordinal_position`,
  );
  return rows.map((r) => {
    const [cast, neutral] = CASTS[r.udt_name] ?? ['text', () => ''];
    return { name: r.column_name, cast, neutral: r.is_nullable === 'NO' ? neutral : () => null };
  });
}

/** The row with a value for every column of the table (unknown ones neutral). */
function completeOrder(row: OrderRow): OrderRow {
  for (const c of orderColumns) if (!(c.name in row)) row[c.name] = c.neutral();
  return row;
}

function insertOrdersSql(): string {
  return `INSERT INTO orders.orders (${orderColumns.map((c) => c.name).join(', ')})
         SELECT * FROM unnest(${orderColumns.map((c, i) => `$${i + 1}::${c.cast}[]`).join(', ')})`;
}

// The app's statements (TypeOrmLedgerRepository, SqlOrderRepository, OutboxWriter).
const SQL = {
  insertAccounts: `INSERT INTO wallet.accounts (id, owner_id, kind, asset)
       SELECT gen_random_uuid(), o, k, a FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, a)
       ON CONFLICT (owner_id, kind, asset) DO NOTHING`,
  lockAccounts: `SELECT a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text
         FROM wallet.accounts a JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, s)
           ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s
        ORDER BY a.id
        FOR UPDATE OF a`,
  insertLedgerTx: `INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (reference) DO NOTHING RETURNING id`,
  insertPostings: `INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
       SELECT $1, p.account_id, p.asset, p.bucket, p.amount, $2, $3
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::numeric[]) AS p(account_id, asset, bucket, amount)`,
  updateAccounts: `UPDATE wallet.accounts a SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = $4
         FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS d(id, da, dl)
        WHERE a.id = d.id
        RETURNING a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text`,
  insertOutbox: `INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
       SELECT e.event_id, e.type, e.payload::jsonb, e.occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
              WITH ORDINALITY AS e(event_id, type, payload, occurred_at, n)
        ORDER BY e.n`,
  selectOrders: `SELECT id, user_id, symbol, side, type, time_in_force, price::text, quantity::text, filled_quantity::text,
  taker_quote::text, maker_quote::text, fee_paid::text, status, reason, client_order_id, hold_asset, hold_remaining::text,
  priority::text, created_at, updated_at FROM orders.orders WHERE id = ANY($1::uuid[])`,
  updateOrders: `UPDATE orders.orders o SET price = u.price, quantity = u.quantity, filled_quantity = u.filled, taker_quote = u.taker_quote,
           maker_quote = u.maker_quote, fee_paid = u.fee_paid, status = u.status, reason = u.reason, hold_remaining = u.hold,
           priority = u.priority, updated_at = u.updated_at
           FROM unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[],
             $8::text[], $9::text[], $10::numeric[], $11::bigint[], $12::timestamptz[])
             AS u(id, price, quantity, filled, taker_quote, maker_quote, fee_paid, status, reason, hold, priority, updated_at)
          WHERE o.id = u.id`,
  insertTrades: `INSERT INTO orders.trades (symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id,
         taker_user_id, maker_fee, taker_fee, created_at)
       SELECT t.symbol, t.price, t.quantity, t.quote, t.taker_side, t.maker_order_id, t.taker_order_id, t.maker_user_id,
              t.taker_user_id, t.maker_fee, t.taker_fee, t.created_at
         FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[],
              $9::uuid[], $10::numeric[], $11::numeric[], $12::timestamptz[])
              WITH ORDINALITY AS t(symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id,
              taker_user_id, maker_fee, taker_fee, created_at, n)
        ORDER BY t.n
       RETURNING id::text`,
};

/** The same work server-side: one call, one round trip (its own implicit transaction). */
const FUNCTIONS = `
CREATE SCHEMA IF NOT EXISTS bench_ref;

CREATE OR REPLACE FUNCTION bench_ref.post(p jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  v_ids uuid[] := '{}';
  v_tx uuid := (p->>'id')::uuid;
  v_now timestamptz := (p->>'now')::timestamptz;
BEGIN
  INSERT INTO wallet.accounts (id, owner_id, kind, asset)
    SELECT gen_random_uuid(), x.owner_id, x.kind, x.asset FROM jsonb_to_recordset(p->'accounts') AS x(owner_id uuid, kind text, asset text)
    ON CONFLICT (owner_id, kind, asset) DO NOTHING;
  FOR r IN
    SELECT a.id, x.n, a.available, a.locked, x.da, x.dl, a.kind
      FROM wallet.accounts a JOIN jsonb_to_recordset(p->'accounts') AS x(n int, owner_id uuid, kind text, asset text, da numeric, dl numeric)
        ON a.owner_id = x.owner_id AND a.kind = x.kind AND a.asset = x.asset
     ORDER BY a.id
       FOR UPDATE OF a
  LOOP
    IF (r.available + r.da < 0 AND r.kind <> 'EXTERNAL') OR r.locked + r.dl < 0 THEN
      RAISE EXCEPTION 'insufficient balance' USING ERRCODE = 'P0001';
    END IF;
    v_ids[r.n] := r.id;
  END LOOP;
  INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at)
    VALUES (v_tx, p->>'type', p->>'reference', p->'metadata', v_now) ON CONFLICT (reference) DO NOTHING;
  INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
    SELECT v_tx, v_ids[q.n], q.asset, q.bucket, q.amount, p->>'type', v_now
      FROM jsonb_to_recordset(p->'postings') AS q(n int, asset text, bucket text, amount numeric);
  UPDATE wallet.accounts a SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = v_now
    FROM jsonb_to_recordset(p->'accounts') AS d(n int, da numeric, dl numeric)
   WHERE a.id = v_ids[d.n];
  INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
    SELECT e.event_id, e.type, e.payload, e.occurred_at FROM jsonb_to_recordset(p->'events') AS e(event_id uuid, type text, payload jsonb, occurred_at timestamptz);
END
$fn$;

CREATE OR REPLACE FUNCTION bench_ref.place(p jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_trade bigint;
BEGIN
  PERFORM bench_ref.post(p->'hold');
  IF p ? 'maker' THEN
    PERFORM o.* FROM orders.orders o WHERE o.id = (p->>'maker')::uuid;
  END IF;
  INSERT INTO orders.orders SELECT * FROM jsonb_populate_record(NULL::orders.orders, p->'order');
  IF p ? 'maker' THEN
    UPDATE orders.orders o SET filled_quantity = u.filled_quantity, maker_quote = u.maker_quote, fee_paid = u.fee_paid,
           status = u.status, hold_remaining = u.hold_remaining, updated_at = u.updated_at
      FROM jsonb_populate_record(NULL::orders.orders, p->'makerUpdate') u WHERE o.id = u.id;
    INSERT INTO orders.trades (symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id, taker_user_id, maker_fee, taker_fee, created_at)
      SELECT t.symbol, t.price, t.quantity, t.quote, t.taker_side, t.maker_order_id, t.taker_order_id, t.maker_user_id, t.taker_user_id, t.maker_fee, t.taker_fee, t.created_at
        FROM jsonb_populate_record(NULL::orders.trades, p->'trade') t
      RETURNING id INTO v_trade;
    PERFORM bench_ref.post(jsonb_set(p->'settle', '{reference}', to_jsonb('trades:' || v_trade)));
  END IF;
  INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
    SELECT e.event_id, e.type, e.payload, e.occurred_at FROM jsonb_to_recordset(p->'events') AS e(event_id uuid, type text, payload jsonb, occurred_at timestamptz);
END
$fn$;
`;

function event(type: string, payload: Record<string, unknown>, now: string): OutboxEvent {
  return { event_id: randomUUID(), type, payload, occurred_at: now };
}

function balanceChanged(userId: string, asset: string, transactionId: string, entryType: string, now: string): OutboxEvent {
  return event('wallet.BalanceChanged', { userId, account: 'SPOT', asset, available: '99999.998999', locked: '0.001001', total: '100000.000000', transactionId, entryType }, now);
}

function orderView(o: OrderRow): Record<string, unknown> {
  return {
    id: o.id,
    clientOrderId: null,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.time_in_force,
    price: '3400.00',
    quantity: '0.00000001',
    filledQuantity: '0',
    averagePrice: null,
    status: o.status,
    reason: null,
    fee: '0.000000',
    feeAsset: QUOTE,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

let priority = 1;

function orderRow(id: string, userId: string, side: 'BUY' | 'SELL', hold: bigint, now: string): OrderRow {
  return completeOrder({
    id,
    user_id: userId,
    symbol: SYMBOL,
    side,
    type: 'LIMIT',
    time_in_force: 'GTC',
    price: PRICE,
    quantity: BASE_UNITS.toString(),
    filled_quantity: '0',
    taker_quote: '0',
    maker_quote: '0',
    fee_paid: '0',
    status: 'NEW',
    reason: null,
    client_order_id: null,
    hold_asset: side === 'BUY' ? QUOTE : BASE,
    hold_remaining: hold.toString(),
    priority: priority++,
    created_at: now,
    updated_at: now,
  });
}

function holdSpec(orderId: string, userId: string, asset: string, amount: bigint, now: string): PostSpec {
  const id = randomUUID();
  return {
    id,
    now,
    type: 'HOLD',
    reference: `order:${orderId}:hold`,
    metadata: {},
    accounts: [{ n: 1, owner_id: userId, kind: 'SPOT', asset, da: (-amount).toString(), dl: amount.toString() }],
    postings: [
      { n: 1, asset, bucket: 'AVAILABLE', amount: (-amount).toString() },
      { n: 1, asset, bucket: 'LOCKED', amount: amount.toString() },
    ],
    events: [balanceChanged(userId, asset, id, 'HOLD', now)],
  };
}

/** A resting order of `userId`, or (when `maker` is given) a buy that takes the maker's resting sell. */
function buildWork(userId: string, side: 'BUY' | 'SELL', maker: { id: string; userId: string } | null): Work {
  const now = new Date().toISOString();
  const id = randomUUID();
  const buy = side === 'BUY';
  const hold = buy ? QUOTE_UNITS + FEE_UNITS : BASE_UNITS;
  const order = orderRow(id, userId, side, hold, now);
  const work: Work = { hold: holdSpec(id, userId, buy ? QUOTE : BASE, hold, now), order, events: [] };
  if (maker === null) {
    work.events = [
      event('orders.OrderUpdated', { userId, order: orderView(order) }, now),
      event('orders.BookChanged', { symbol: SYMBOL, seq: priority, bids: buy ? [['3400.00', '0.0100']] : [], asks: buy ? [] : [['3400.00', '0.0100']] }, now),
    ];
    return work;
  }
  // The taker buys the maker's whole (tiny) sell at its price.
  order.filled_quantity = BASE_UNITS.toString();
  order.taker_quote = QUOTE_UNITS.toString();
  order.fee_paid = FEE_UNITS.toString();
  order.status = 'FILLED';
  order.hold_remaining = '0';
  work.maker = maker.id;
  work.makerUpdate = {
    id: maker.id,
    filled_quantity: BASE_UNITS.toString(),
    maker_quote: QUOTE_UNITS.toString(),
    fee_paid: FEE_UNITS.toString(),
    status: 'FILLED',
    hold_remaining: '0',
    updated_at: now,
  };
  work.trade = {
    symbol: SYMBOL,
    price: PRICE,
    quantity: BASE_UNITS.toString(),
    quote: QUOTE_UNITS.toString(),
    taker_side: 'BUY',
    maker_order_id: maker.id,
    taker_order_id: id,
    maker_user_id: maker.userId,
    taker_user_id: userId,
    maker_fee: FEE_UNITS.toString(),
    taker_fee: FEE_UNITS.toString(),
    created_at: now,
  };
  const settleId = randomUUID();
  const a = (n: number, owner: string, kind: string, asset: string, da: bigint, dl: bigint) => ({ n, owner_id: owner, kind, asset, da: da.toString(), dl: dl.toString() });
  work.settle = {
    id: settleId,
    now,
    type: 'TRADE',
    reference: '', // trades:<trade id>, known once the trade is inserted
    metadata: { symbol: SYMBOL, orderId: id },
    accounts: [
      a(1, userId, 'SPOT', QUOTE, 0n, -(QUOTE_UNITS + FEE_UNITS)),
      a(2, userId, 'SPOT', BASE, BASE_UNITS, 0n),
      a(3, maker.userId, 'SPOT', BASE, 0n, -BASE_UNITS),
      a(4, maker.userId, 'SPOT', QUOTE, QUOTE_UNITS - FEE_UNITS, 0n),
      a(5, SYSTEM_OWNER, 'FEES', QUOTE, 2n * FEE_UNITS, 0n),
    ],
    postings: [
      { n: 1, asset: QUOTE, bucket: 'LOCKED', amount: (-(QUOTE_UNITS + FEE_UNITS)).toString() },
      { n: 2, asset: BASE, bucket: 'AVAILABLE', amount: BASE_UNITS.toString() },
      { n: 3, asset: BASE, bucket: 'LOCKED', amount: (-BASE_UNITS).toString() },
      { n: 4, asset: QUOTE, bucket: 'AVAILABLE', amount: (QUOTE_UNITS - FEE_UNITS).toString() },
      { n: 5, asset: QUOTE, bucket: 'AVAILABLE', amount: (2n * FEE_UNITS).toString() },
    ],
    events: [
      balanceChanged(userId, QUOTE, settleId, 'TRADE', now),
      balanceChanged(userId, BASE, settleId, 'TRADE', now),
      balanceChanged(maker.userId, BASE, settleId, 'TRADE', now),
      balanceChanged(maker.userId, QUOTE, settleId, 'TRADE', now),
    ],
  };
  const fill = { tradeId: '0', orderId: id, symbol: SYMBOL, side: 'BUY', price: '3400.00', quantity: '0.00000001', quote: '0.001000', fee: '0.000001', feeAsset: QUOTE, liquidity: 'TAKER', createdAt: now };
  work.events = [
    event('orders.OrderUpdated', { userId, order: orderView(order) }, now),
    event('orders.OrderUpdated', { userId: maker.userId, order: orderView({ ...order, id: maker.id, side: 'SELL' }) }, now),
    event('orders.FillCreated', { userId, fill }, now),
    event('orders.FillCreated', { userId: maker.userId, fill: { ...fill, orderId: maker.id, side: 'SELL', liquidity: 'MAKER' } }, now),
    event('orders.TradeExecuted', { trade: { id: '0', symbol: SYMBOL, price: '3400.00', quantity: '0.00000001', takerSide: 'BUY', createdAt: now } }, now),
    event('orders.BookChanged', { symbol: SYMBOL, seq: priority, bids: [], asks: [['3400.00', '0']] }, now),
  ];
  return work;
}

function outboxParams(events: readonly OutboxEvent[]): unknown[] {
  return [events.map((e) => e.event_id), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)), events.map((e) => e.occurred_at)];
}

class Insufficient extends Error {}

/** The ledger's five statements and the BalanceChanged events, as TypeOrmLedgerRepository + LedgerPoster send them. */
async function postN(c: PoolClient, spec: PostSpec): Promise<number> {
  const accounts = [...spec.accounts].sort((x, y) => (`${x.owner_id}:${x.kind}:${x.asset}` < `${y.owner_id}:${y.kind}:${y.asset}` ? -1 : 1));
  const keys = [accounts.map((x) => x.owner_id), accounts.map((x) => x.kind), accounts.map((x) => x.asset)];
  await c.query(SQL.insertAccounts, keys);
  const locked = await c.query<{ id: string; owner_id: string; kind: string; asset: string; available: string; locked: string }>(SQL.lockAccounts, keys);
  const idOf = new Map(locked.rows.map((r) => [`${r.owner_id}:${r.kind}:${r.asset}`, r]));
  const byN = new Map<number, string>();
  for (const x of spec.accounts) {
    const row = idOf.get(`${x.owner_id}:${x.kind}:${x.asset}`)!;
    byN.set(x.n, row.id);
    if ((BigInt(row.available) + BigInt(x.da) < 0n && x.kind !== 'EXTERNAL') || BigInt(row.locked) + BigInt(x.dl) < 0n) throw new Insufficient('insufficient balance');
  }
  const now = spec.now;
  const txId = spec.id;
  await c.query(SQL.insertLedgerTx, [txId, spec.type, spec.reference, JSON.stringify(spec.metadata), now]);
  await c.query(SQL.insertPostings, [
    txId,
    spec.type,
    now,
    spec.postings.map((p) => byN.get(p.n)),
    spec.postings.map((p) => p.asset),
    spec.postings.map((p) => p.bucket),
    spec.postings.map((p) => p.amount),
  ]);
  await c.query(SQL.updateAccounts, [spec.accounts.map((x) => byN.get(x.n)), spec.accounts.map((x) => x.da), spec.accounts.map((x) => x.dl), now]);
  await c.query(SQL.insertOutbox, outboxParams(spec.events));
  return 7;
}

/** One order, statement by statement in one transaction, as the app sends them. Returns the round trips. */
async function placeN(c: PoolClient, w: Work): Promise<number> {
  let trips = 0;
  await c.query('BEGIN');
  trips++;
  try {
    trips += (await postN(c, w.hold)) - 1;
    if (w.maker !== undefined) {
      await c.query(SQL.selectOrders, [[w.maker]]);
      trips++;
    }
    await c.query(insertOrdersSql(), orderColumns.map((col) => [w.order[col.name] ?? null]));
    trips++;
    if (w.maker !== undefined) {
      const m = w.makerUpdate!;
      await c.query(SQL.updateOrders, [[m.id], [PRICE], [BASE_UNITS.toString()], [m.filled_quantity], ['0'], [m.maker_quote], [m.fee_paid], [m.status], [null], [m.hold_remaining], [1], [m.updated_at]]);
      const t = w.trade!;
      const inserted = await c.query<{ id: string }>(SQL.insertTrades, [
        [t.symbol], [t.price], [t.quantity], [t.quote], [t.taker_side], [t.maker_order_id], [t.taker_order_id], [t.maker_user_id], [t.taker_user_id], [t.maker_fee], [t.taker_fee], [t.created_at],
      ]);
      trips += 2;
      trips += (await postN(c, { ...w.settle!, reference: `trades:${inserted.rows[0]!.id}` })) - 1;
    }
    await c.query(SQL.insertOutbox, outboxParams(w.events));
    trips++;
    await c.query('COMMIT');
    trips++;
    return trips;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function placeOne(c: PoolClient, w: Work): Promise<number> {
  await c.query('SELECT bench_ref.place($1::jsonb)', [JSON.stringify(w)]);
  return 1;
}

interface Measured {
  readonly tps: number;
  readonly p99Ms: number;
  readonly errors: Record<string, number>;
  readonly trips: { resting: number; trading: number };
}

async function measure(pool: Pool, userIds: readonly string[], concurrency: number, ms: number, variant: 'n' | 'one'): Promise<Measured> {
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  const trips = { resting: 0, trading: 0 };
  let done = 0;
  const end = performance.now() + ms;
  const worker = async (w: number) => {
    const c = await pool.connect();
    // Each worker has its own users (no lock waits between workers on user accounts); the FEES
    // account of the quote asset is shared by every trade, as in the app.
    const mine = userIds.filter((_, i) => i % concurrency === w);
    let k = 0;
    const ownSells: { id: string; userId: string }[] = [];
    try {
      while (performance.now() < end) {
        k++;
        const userId = mine[k % mine.length]!;
        // Shares as in the HTTP mix: resting vs taking one maker.
        const trade = ownSells.length > 0 && ((k * 2654435761) >>> 0) % 1000 < (1 - MIX.resting) * 1000;
        const maker = trade ? ownSells.shift()! : null;
        const taker = maker !== null && maker.userId === userId ? mine[(k + 1) % mine.length]! : userId;
        const side: 'BUY' | 'SELL' = maker !== null ? 'BUY' : k % 2 === 0 ? 'BUY' : 'SELL';
        const work = buildWork(taker, side, maker);
        const t = performance.now();
        try {
          const n = variant === 'n' ? await placeN(c, work) : await placeOne(c, work);
          latency.record((performance.now() - t) * 1e3); // us
          done++;
          if (maker === null) trips.resting = variant === 'n' ? n : 1;
          else trips.trading = variant === 'n' ? n : 1;
          if (maker === null && side === 'SELL') ownSells.push({ id: work.order.id as string, userId: taker });
        } catch (error) {
          const key = error instanceof Insufficient ? 'insufficient' : ((error as { code?: string }).code ?? (error as Error).message);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    } finally {
      c.release();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = performance.now() - t0;
  return { tps: (done * 1000) / elapsed, p99Ms: latency.percentile(99) / 1e3, errors, trips };
}

export async function runPgReference(o: {
  databaseUrl: string;
  userIds: readonly string[];
  concurrency: readonly number[];
  seconds: number;
  log: (m: string) => void;
}): Promise<PgReference> {
  const pool = new Pool({ connectionString: o.databaseUrl, max: Math.max(...o.concurrency) });
  try {
    await pool.query(FUNCTIONS);
    orderColumns = await readOrderColumns(pool);
    const runs: PgReferenceRun[] = [];
    for (const concurrency of o.concurrency) {
      // Warm-up of both variants (plans, caches), then each measured, N first.
      await measure(pool, o.userIds, concurrency, 1000, 'n');
      await measure(pool, o.userIds, concurrency, 1000, 'one');
      const n = await measure(pool, o.userIds, concurrency, o.seconds * 1000, 'n');
      const one = await measure(pool, o.userIds, concurrency, o.seconds * 1000, 'one');
      const errors: Record<string, number> = {};
      for (const [k, v] of Object.entries(n.errors)) errors[`n: ${k}`] = v;
      for (const [k, v] of Object.entries(one.errors)) errors[`one: ${k}`] = v;
      const run: PgReferenceRun = {
        concurrency,
        nRoundTrips: n.tps,
        oneRoundTrip: one.tps,
        nP99Ms: n.p99Ms,
        oneP99Ms: one.p99Ms,
        errors,
        roundTrips: { label: `${n.trips.resting}/${n.trips.trading}`, resting: n.trips.resting, trading: n.trips.trading },
      };
      runs.push(run);
      o.log(
        `  pg @${concurrency}: N round trips (${run.roundTrips.label} resting/trading) ${n.tps.toFixed(0)} TPS p99 ${n.p99Ms.toFixed(1)} ms; ` +
          `1 round trip ${one.tps.toFixed(0)} TPS p99 ${one.p99Ms.toFixed(1)} ms${Object.keys(errors).length > 0 ? `; errors ${JSON.stringify(errors)}` : ''}`,
      );
    }
    return { runs, tradingShare: 1 - MIX.resting, seconds: o.seconds };
  } finally {
    await pool.end();
  }
}

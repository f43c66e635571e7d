import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { Histogram } from '../lib/histogram';
import { mulberry32 } from '../lib/prng';
import { MARKETS, MIX, MarketDef } from './orders-flow';

/**
 * The node-postgres reference of orders-http: the database work of one order placement, with no
 * HTTP, no Nest, no TypeORM, on the same tables of the same (fresh) database, after the app has
 * stopped. Two variants of the very same work:
 *
 * - N round trips: the statements the app sends (its ledger in the careful form, lock then write, where the
 *   app's fast path sends one optimistic statement), one by one, in one transaction, with their SQL
 *   text copied verbatim from SqlOrderRepository (openOrderCounts, writePass, marketVersion), SqlWalletReadModel
 *   (availableMany), TypeOrmLedgerRepository (lockAll, write) and OutboxWriter (append), and the same parameter
 *   shapes (one array per column);
 * - 1 round trip: one call to a PL/pgSQL function (created in a `bench_ref` schema of the bench
 *   database) that runs the same statements server-side from one jsonb argument.
 *
 * The transaction of one placement, as MarketTurns + PlaceOrderHandler + decidePlace (DecisionWriter) send it
 * (one order per transaction) on the fast path (the market's book in memory at a known version,
 * which is every batch of an app alone on its database once the market was loaded), in the app's order:
 *   START TRANSACTION, and beside it, on pooled connections (unlocked reads): the user's open-order
 *     count, and the available funds of the hold's account (GetAvailableFundsQuery; the makers come
 *     from the market's memory, no read);
 *   the orders + trades write (one CTE statement: bump orders.market_state's version only if it is
 *     still the one expected (the row lock), then, only if it was, insert the new order, update the
 *     makers, insert the trades; the ledger reference of a trade is `trades:<its id>`, hence before
 *     the ledger);
 *   lock the accounts (SELECT ... ORDER BY a.id FOR UPDATE OF a);
 *   the ledger write (one CTE statement: ledger transactions + postings + balances);
 *   one outbox insert with every event (the wallet's BalanceChanged, built from the balances the
 *     ledger write returned, then the orders' events);
 *   COMMIT.
 * The ledger's ensure-accounts INSERT is not sent: the app skips it for accounts it has seen
 * committed (all of them after its warm-up); here it runs once, before any measurement.
 * A failed version check (another writer moved the market) rolls back; the app then runs the batch
 * again bumping first. Here the loop is the only writer: it never happens (it would count as an
 * error `MOVED`).
 *
 * Two transaction shapes, mixed like the HTTP load (resting vs trading orders):
 * - resting limit order: 6 round trips in a row (plus the 2 reads beside START); one ledger
 *   transaction (the HOLD: 1 account, 2 postings), events BalanceChanged, OrderUpdated, BookChanged;
 * - limit buy that takes one maker's whole resting sell (price improvement: part of its hold is
 *   released): 6 round trips in a row (plus the 2 reads); two ledger transactions in the one write
 *   (the HOLD, and the TRADE: 5 accounts, the FEES account of the quote included, 7 postings),
 *   10 events (4 BalanceChanged, 2 OrderUpdated, 2 FillCreated, TradeExecuted, BookChanged).
 *
 * Each worker is one pooled connection running transactions back to back (closed loop), on one of
 * the six markets (worker w on market w mod 6), with its own share of the users (needs at least
 * two users per worker). Workers of one market take turns, as the app's batches do (one at a time
 * per lane), so each expects the version the previous one made; the FEES accounts (one per quote
 * asset) are shared as in the app.
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

// ---------------------------------------------------------------------------------------------
// The app's statements, verbatim (whitespace included) so they can be diffed with their sources.
// ---------------------------------------------------------------------------------------------

// libs/orders/src/infrastructure/repositories/order-rows.ts
const TRADE_COLUMNS = `id::text, symbol, price::text, quantity::text, quote::text, taker_side, maker_order_id, taker_order_id,
  maker_user_id, taker_user_id, maker_fee::text, taker_fee::text, created_at`;

const SQL = {
  // TypeORM's QueryRunner.startTransaction() (no isolation level set).
  begin: 'START TRANSACTION',
  // SqlOrderRepository.openOrderCounts (the batch's open-order counts, read beside START)
  openOrderCounts: `SELECT user_id, count(*)::int AS n FROM orders.orders
        WHERE user_id = ANY($1::uuid[]) AND status IN ('NEW', 'PARTIALLY_FILLED')
        GROUP BY user_id`,
  // SqlOrderRepository.marketVersion (only after a failed version check: never in a run where this loop is the only writer)
  marketVersion: `SELECT version::text FROM orders.market_state WHERE symbol = $1`,
  // SqlWalletReadModel.availableMany (GetAvailableFundsQuery: the batch's funds read, beside START)
  availableFunds: `SELECT x.n::text, a.available::text
         FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS x(o, k, s, n)
         LEFT JOIN wallet.accounts a ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s`,
  // SqlOrderRepository.writePass (with the market's version check: the fast path's bump)
  writePass: `WITH expected AS (
           SELECT * FROM unnest($47::text[], $48::bigint[]) WITH ORDINALITY AS x(symbol, version, n)
         ),
         bumped AS (
           INSERT INTO orders.market_state (symbol, version)
           SELECT symbol, 1 FROM expected ORDER BY n
           ON CONFLICT (symbol) DO UPDATE SET version = orders.market_state.version + 1
            WHERE orders.market_state.version = (SELECT e.version FROM expected e WHERE e.symbol = excluded.symbol)
           RETURNING symbol, version
         ),
         checked AS (
           SELECT (SELECT count(*) FROM bumped b JOIN expected e ON e.symbol = b.symbol AND b.version = e.version + 1) = cardinality($47::text[])
              AND NOT EXISTS (SELECT FROM unnest($49::text[], $50::bigint[]) AS s(symbol, version)
                                LEFT JOIN orders.market_state m ON m.symbol = s.symbol
                               WHERE COALESCE(m.version, 0) <> s.version) AS current
         ),
         inserted AS (
           INSERT INTO orders.orders (id, user_id, symbol, side, type, time_in_force, price, quantity, filled_quantity, taker_quote,
             maker_quote, fee_paid, status, reason, client_order_id, hold_asset, hold_remaining, priority, created_at, updated_at,
             maker_fee_rate, taker_fee_rate)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[],
             $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], $15::text[], $16::text[],
             $17::numeric[], $18::bigint[], $19::timestamptz[], $20::timestamptz[], $21::numeric[], $22::numeric[])
            WHERE (SELECT current FROM checked)
         ),
         updated AS (
           UPDATE orders.orders o SET price = u.price, quantity = u.quantity, filled_quantity = u.filled, taker_quote = u.taker_quote,
             maker_quote = u.maker_quote, fee_paid = u.fee_paid, status = u.status, reason = u.reason, hold_remaining = u.hold,
             priority = u.priority, updated_at = u.updated_at
             FROM unnest($23::uuid[], $24::numeric[], $25::numeric[], $26::numeric[], $27::numeric[], $28::numeric[], $29::numeric[],
               $30::text[], $31::text[], $32::numeric[], $33::bigint[], $34::timestamptz[])
               AS u(id, price, quantity, filled, taker_quote, maker_quote, fee_paid, status, reason, hold, priority, updated_at)
            WHERE o.id = u.id AND (SELECT current FROM checked)
         ),
         traded AS (
           INSERT INTO orders.trades (symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id,
             taker_user_id, maker_fee, taker_fee, created_at)
           SELECT t.symbol, t.price, t.quantity, t.quote, t.taker_side, t.maker_order_id, t.taker_order_id, t.maker_user_id,
                  t.taker_user_id, t.maker_fee, t.taker_fee, t.created_at
             FROM unnest($35::text[], $36::numeric[], $37::numeric[], $38::numeric[], $39::text[], $40::uuid[], $41::uuid[], $42::uuid[],
                  $43::uuid[], $44::numeric[], $45::numeric[], $46::timestamptz[])
                  WITH ORDINALITY AS t(symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id,
                  taker_user_id, maker_fee, taker_fee, created_at, n)
            WHERE (SELECT current FROM checked)
            ORDER BY t.n
           RETURNING ${TRADE_COLUMNS}
         )
         SELECT c.current, t.* FROM checked c LEFT JOIN traded t ON true`,
  // TypeOrmLedgerRepository.lockAll: the creation of missing accounts (sent once, at setup).
  ensureAccounts: `INSERT INTO wallet.accounts (id, owner_id, kind, asset)
         SELECT gen_random_uuid(), o, k, a FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, a)
         ON CONFLICT (owner_id, kind, asset) DO NOTHING
         RETURNING owner_id, kind, asset`,
  // TypeOrmLedgerRepository.lockAll
  lockAccounts: `SELECT a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text
         FROM wallet.accounts a JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, s)
           ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s
        ORDER BY a.id
        FOR UPDATE OF a`,
  // TypeOrmLedgerRepository.write
  ledgerWrite: `WITH tx AS (
         INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at)
         SELECT t.id, t.type, t.reference, t.metadata, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS t(id, type, reference, metadata)
         ON CONFLICT (reference) DO NOTHING
         RETURNING id, reference
       ),
       p AS (
         SELECT p.*, tx.id AS transaction_id
           FROM unnest($6::text[], $7::uuid[], $8::text[], $9::text[], $10::numeric[], $11::text[]) AS p(reference, account_id, asset, bucket, amount, type)
           JOIN tx ON tx.reference = p.reference
       ),
       posted AS (
         INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
         SELECT transaction_id, account_id, asset, bucket, amount, type, $5 FROM p
       ),
       updated AS (
         UPDATE wallet.accounts a
            SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = $5
           FROM (SELECT account_id,
                        sum(CASE WHEN bucket = 'AVAILABLE' THEN amount ELSE 0 END) AS da,
                        sum(CASE WHEN bucket = 'LOCKED' THEN amount ELSE 0 END) AS dl
                   FROM p GROUP BY account_id) AS d
          WHERE a.id = d.account_id
         RETURNING a.id, a.owner_id, a.kind, a.asset, a.available, a.locked
       )
       SELECT 'T' AS r, id::text AS a, reference AS b, NULL AS c, NULL AS d, NULL AS e, NULL AS f FROM tx
       UNION ALL
       SELECT 'A', id::text, owner_id::text, kind, asset, available::text, locked::text FROM updated`,
  // OutboxWriter.append
  insertOutbox: `INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
       SELECT e.event_id, e.type, e.payload::jsonb, e.occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
              WITH ORDINALITY AS e(event_id, type, payload, occurred_at, n)
        ORDER BY e.n`,
  commit: 'COMMIT',
};

/**
 * The same work server-side: one call, one round trip (its own implicit transaction). Each
 * statement is the app's, reading its rows from the jsonb argument instead of unnest($n) arrays.
 */
const FUNCTIONS = `
CREATE SCHEMA IF NOT EXISTS bench_ref;

CREATE OR REPLACE FUNCTION bench_ref.place(w jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  v_now timestamptz := (w->>'now')::timestamptz;
  v_open json;
  v_current boolean;
  v_trade text;
  v_ids uuid[] := '{}';
  v_balances jsonb;
BEGIN
  -- openOrderCounts
  SELECT json_object_agg(c.user_id, c.n) INTO v_open
    FROM (SELECT user_id, count(*)::int AS n FROM orders.orders
           WHERE user_id = ANY(ARRAY[(w->>'userId')::uuid]) AND status IN ('NEW', 'PARTIALLY_FILLED')
           GROUP BY user_id) AS c;

  -- availableMany (the funds read)
  PERFORM a.available::text FROM wallet.accounts a
    WHERE a.owner_id = (w->>'userId')::uuid AND a.kind = 'SPOT' AND a.asset = w->>'holdAsset';

  -- writePass with the market's version check (one order's pass: at most one trade here)
  WITH expected AS (
    SELECT * FROM jsonb_to_recordset(w->'expected') AS x(symbol text, version bigint)
  ),
  bumped AS (
    INSERT INTO orders.market_state (symbol, version)
    SELECT symbol, 1 FROM expected ORDER BY symbol
    ON CONFLICT (symbol) DO UPDATE SET version = orders.market_state.version + 1
     WHERE orders.market_state.version = (SELECT e.version FROM expected e WHERE e.symbol = excluded.symbol)
    RETURNING symbol, version
  ),
  checked AS (
    SELECT (SELECT count(*) FROM bumped b JOIN expected e ON e.symbol = b.symbol AND b.version = e.version + 1) = jsonb_array_length(w->'expected')
       AND NOT EXISTS (SELECT FROM jsonb_to_recordset(w->'unchanged') AS s(symbol text, version bigint)
                         LEFT JOIN orders.market_state m ON m.symbol = s.symbol
                        WHERE COALESCE(m.version, 0) <> s.version) AS current
  ),
  inserted AS (
    INSERT INTO orders.orders (id, user_id, symbol, side, type, time_in_force, price, quantity, filled_quantity, taker_quote,
      maker_quote, fee_paid, status, reason, client_order_id, hold_asset, hold_remaining, priority, created_at, updated_at,
      maker_fee_rate, taker_fee_rate)
    SELECT * FROM jsonb_to_recordset(w->'fresh') AS o(id uuid, user_id uuid, symbol text, side text, type text, time_in_force text,
      price numeric, quantity numeric, filled_quantity numeric, taker_quote numeric, maker_quote numeric, fee_paid numeric, status text,
      reason text, client_order_id text, hold_asset text, hold_remaining numeric, priority bigint, created_at timestamptz,
      updated_at timestamptz, maker_fee_rate numeric, taker_fee_rate numeric)
     WHERE (SELECT current FROM checked)
  ),
  updated AS (
    UPDATE orders.orders o SET price = u.price, quantity = u.quantity, filled_quantity = u.filled, taker_quote = u.taker_quote,
      maker_quote = u.maker_quote, fee_paid = u.fee_paid, status = u.status, reason = u.reason, hold_remaining = u.hold,
      priority = u.priority, updated_at = u.updated_at
      FROM jsonb_to_recordset(w->'known') AS u(id uuid, price numeric, quantity numeric, filled numeric, taker_quote numeric,
        maker_quote numeric, fee_paid numeric, status text, reason text, hold numeric, priority bigint, updated_at timestamptz)
     WHERE o.id = u.id AND (SELECT current FROM checked)
  ),
  traded AS (
    INSERT INTO orders.trades (symbol, price, quantity, quote, taker_side, maker_order_id, taker_order_id, maker_user_id,
      taker_user_id, maker_fee, taker_fee, created_at)
    SELECT t.symbol, t.price, t.quantity, t.quote, t.taker_side, t.maker_order_id, t.taker_order_id, t.maker_user_id,
           t.taker_user_id, t.maker_fee, t.taker_fee, t.created_at
      FROM jsonb_to_recordset(w->'trades') AS t(symbol text, price numeric, quantity numeric, quote numeric, taker_side text,
        maker_order_id uuid, taker_order_id uuid, maker_user_id uuid, taker_user_id uuid, maker_fee numeric, taker_fee numeric,
        created_at timestamptz)
     WHERE (SELECT current FROM checked)
    RETURNING id::text
  )
  SELECT c.current, t.id INTO v_current, v_trade FROM checked c LEFT JOIN traded t ON true;
  -- The market moved since the caller's version (the app rolls back and runs the batch again, bumping first).
  IF NOT v_current THEN
    RAISE EXCEPTION 'market moved' USING ERRCODE = 'MOVED';
  END IF;

  -- lockAll, and the balance check on the locked rows (net deltas of the batch)
  FOR r IN
    SELECT a.id, x.n, a.kind, a.available, a.locked, x.da, x.dl
      FROM wallet.accounts a JOIN jsonb_to_recordset(w->'accounts') AS x(n int, o uuid, k text, s text, da numeric, dl numeric)
        ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s
     ORDER BY a.id
       FOR UPDATE OF a
  LOOP
    IF (r.available + r.da < 0 AND r.kind <> 'EXTERNAL') OR r.locked + r.dl < 0 THEN
      RAISE EXCEPTION 'insufficient balance' USING ERRCODE = 'P0001';
    END IF;
    v_ids[r.n] := r.id;
  END LOOP;

  -- write: transactions + postings + balances (a NULL reference is the trade's: trades:<its id>)
  WITH tx AS (
    INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at)
    SELECT t.id, t.type, COALESCE(t.reference, 'trades:' || v_trade), t.metadata, v_now
      FROM jsonb_to_recordset(w->'transactions') AS t(id uuid, type text, reference text, metadata jsonb)
    ON CONFLICT (reference) DO NOTHING
    RETURNING id, reference
  ),
  p AS (
    SELECT q.reference, v_ids[q.n] AS account_id, q.asset, q.bucket, q.amount, q.type, tx.id AS transaction_id
      FROM jsonb_to_recordset(w->'postings') AS q(reference text, n int, asset text, bucket text, amount numeric, type text)
      JOIN tx ON tx.reference = COALESCE(q.reference, 'trades:' || v_trade)
  ),
  posted AS (
    INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
    SELECT transaction_id, account_id, asset, bucket, amount, type, v_now FROM p
  ),
  updated AS (
    UPDATE wallet.accounts a
       SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = v_now
      FROM (SELECT account_id,
                   sum(CASE WHEN bucket = 'AVAILABLE' THEN amount ELSE 0 END) AS da,
                   sum(CASE WHEN bucket = 'LOCKED' THEN amount ELSE 0 END) AS dl
              FROM p GROUP BY account_id) AS d
     WHERE a.id = d.account_id
    RETURNING a.id, a.owner_id, a.kind, a.asset, a.available, a.locked
  )
  SELECT COALESCE(jsonb_agg(jsonb_build_object(
           'event_id', gen_random_uuid(), 'type', 'wallet.BalanceChanged', 'occurred_at', v_now,
           'payload', jsonb_build_object('userId', u.owner_id, 'account', u.kind, 'asset', u.asset, 'available', u.available::text,
             'locked', u.locked::text, 'total', (u.available + u.locked)::text, 'transactionId', w->>'lastTransactionId',
             'entryType', w->>'lastTransactionType'))) FILTER (WHERE u.owner_id <> '00000000-0000-0000-0000-000000000000'), '[]')
    INTO v_balances FROM updated u;

  -- append: the wallet's events, then the orders'
  INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
  SELECT e.event_id, e.type, e.payload, e.occurred_at
    FROM jsonb_to_recordset(v_balances || (w->'events')) AS e(event_id uuid, type text, payload jsonb, occurred_at timestamptz);
END
$fn$;
`;

// ---------------------------------------------------------------------------------------------
// The work of one order, in the app's domain terms (amounts in smallest units).
// ---------------------------------------------------------------------------------------------

const SYSTEM_OWNER = '00000000-0000-0000-0000-000000000000';
/** Tiny amounts: the users' faucet balances cover any number of transactions. */
const QUANTITY = 1n;
const QUOTE = 100n;
const FEE = 1n;
/** A crossing buy's hold is at its limit (0.4% through the mark here: ~4% on these tiny amounts); the match is at the maker's price. */
const TAKER_HOLD = 104n + FEE;
const PRICE = 100n;
const TAKER_LIMIT = 104n;
const FEE_PPM = '1000';

interface OrderState {
  id: string;
  userId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: string;
  timeInForce: string;
  price: bigint | null;
  quantity: bigint;
  filledQuantity: bigint;
  takerQuote: bigint;
  makerQuote: bigint;
  feePaid: bigint;
  status: string;
  reason: string | null;
  clientOrderId: string | null;
  holdAsset: string;
  holdRemaining: bigint;
  makerFeePpm: bigint;
  takerFeePpm: bigint;
  priority: number;
  createdAt: string;
  updatedAt: string;
}

interface NewTrade {
  symbol: string;
  price: bigint;
  quantity: bigint;
  quote: bigint;
  takerSide: string;
  makerOrderId: string;
  takerOrderId: string;
  makerUserId: string;
  takerUserId: string;
  makerFee: bigint;
  takerFee: bigint;
  createdAt: string;
}

interface AccountRef {
  readonly ownerId: string;
  readonly kind: 'SPOT' | 'FEES';
  readonly asset: string;
}

interface Posting {
  readonly account: AccountRef;
  readonly bucket: 'AVAILABLE' | 'LOCKED';
  readonly amount: bigint;
}

interface LedgerEntry {
  readonly type: 'HOLD' | 'TRADE';
  /** null: the trade's, `trades:<id of the first trade>` (known once the pass is written). */
  readonly reference: string | null;
  readonly postings: readonly Posting[];
  readonly metadata: Record<string, string>;
}

interface OutboxEvent {
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: string;
}

interface Work {
  readonly market: MarketDef;
  readonly userId: string;
  /** The subject (new order) first, then the makers: settlePass's `orders`. */
  readonly fresh: readonly OrderState[];
  readonly known: readonly OrderState[];
  readonly trades: readonly NewTrade[];
  readonly entries: readonly LedgerEntry[];
  /** The orders' events (the wallet's come from the ledger write's balances). */
  readonly events: readonly OutboxEvent[];
  readonly now: string;
}

/** The wallet's account key (accountKey): lock parameters are sorted by it. */
function keyOf(a: { ownerId: string; kind: string; asset: string }): string {
  return a.ownerId === SYSTEM_OWNER ? `system:${a.kind}:${a.asset}` : `user:${a.ownerId}:${a.kind}:${a.asset}`;
}

const spot = (ownerId: string, asset: string): AccountRef => ({ ownerId, kind: 'SPOT', asset });
const fees = (asset: string): AccountRef => ({ ownerId: SYSTEM_OWNER, kind: 'FEES', asset });

function event(type: string, payload: Record<string, unknown>, now: string): OutboxEvent {
  return { event_id: randomUUID(), type, payload, occurred_at: now };
}

function orderView(o: OrderState): Record<string, unknown> {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: '3400.00',
    quantity: '0.0100',
    filledQuantity: o.filledQuantity === 0n ? '0.0000' : '0.0100',
    averagePrice: o.filledQuantity === 0n ? null : '3400.00',
    status: o.status,
    reason: o.reason,
    fee: '0.000000',
    feeAsset: 'USDT',
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** Per market: the book's sequence (an order's priority). */
const sequences = new Map<string, number>();

function newOrder(market: MarketDef, userId: string, side: 'BUY' | 'SELL', price: bigint, hold: bigint, now: string): OrderState {
  const priority = (sequences.get(market.symbol) ?? 1_000_000) + 1;
  sequences.set(market.symbol, priority);
  return {
    id: randomUUID(),
    userId,
    symbol: market.symbol,
    side,
    type: 'LIMIT',
    timeInForce: 'GTC',
    price,
    quantity: QUANTITY,
    filledQuantity: 0n,
    takerQuote: 0n,
    makerQuote: 0n,
    feePaid: 0n,
    status: 'NEW',
    reason: null,
    clientOrderId: null,
    holdAsset: side === 'BUY' ? market.quote : market.base,
    holdRemaining: hold,
    makerFeePpm: BigInt(FEE_PPM),
    takerFeePpm: BigInt(FEE_PPM),
    priority,
    createdAt: now,
    updatedAt: now,
  };
}

function holdEntry(order: OrderState): LedgerEntry {
  const account = spot(order.userId, order.holdAsset);
  return {
    type: 'HOLD',
    reference: `order:${order.id}:hold`,
    postings: [
      { account, bucket: 'AVAILABLE', amount: -order.holdRemaining },
      { account, bucket: 'LOCKED', amount: order.holdRemaining },
    ],
    metadata: {},
  };
}

function bookChanged(market: MarketDef, seq: number, bids: string[][], asks: string[][], now: string): OutboxEvent {
  return event('orders.BookChanged', { symbol: market.symbol, seq, bids, asks }, now);
}

/** A resting order of `userId` (no maker), or a buy of `userId` that takes the maker's whole resting sell. */
function buildWork(market: MarketDef, userId: string, side: 'BUY' | 'SELL', maker: OrderState | null): Work {
  const now = new Date().toISOString();
  if (maker === null) {
    const order = newOrder(market, userId, side, PRICE, side === 'BUY' ? QUOTE + FEE : QUANTITY, now);
    const level = [['3400.00', '0.0100']];
    return {
      market,
      userId,
      fresh: [order],
      known: [],
      trades: [],
      entries: [holdEntry(order)],
      events: [
        event('orders.OrderUpdated', { userId, order: orderView(order) }, now),
        bookChanged(market, order.priority, side === 'BUY' ? level : [], side === 'BUY' ? [] : level, now),
      ],
      now,
    };
  }
  const taker = newOrder(market, userId, 'BUY', TAKER_LIMIT, TAKER_HOLD, now);
  // The fill (settlePass): the maker's price, its whole quantity.
  Object.assign(taker, { filledQuantity: QUANTITY, takerQuote: QUOTE, feePaid: FEE, status: 'FILLED', holdRemaining: 0n, updatedAt: now });
  const makerAfter: OrderState = { ...maker, filledQuantity: QUANTITY, makerQuote: QUOTE, feePaid: FEE, status: 'FILLED', holdRemaining: 0n, updatedAt: now };
  const unused = TAKER_HOLD - QUOTE - FEE;
  const trade: NewTrade = {
    symbol: market.symbol,
    price: PRICE,
    quantity: QUANTITY,
    quote: QUOTE,
    takerSide: 'BUY',
    makerOrderId: maker.id,
    takerOrderId: taker.id,
    makerUserId: maker.userId,
    takerUserId: userId,
    makerFee: FEE,
    takerFee: FEE,
    createdAt: now,
  };
  // The trade's legs, both fees to FEES, then the taker's unused hold released (the SETTLE_SPOT_TRADES postings' order).
  const settle: Posting[] = [
    { account: spot(userId, market.quote), bucket: 'LOCKED', amount: -(QUOTE + FEE) },
    { account: spot(userId, market.base), bucket: 'AVAILABLE', amount: QUANTITY },
    { account: spot(maker.userId, market.base), bucket: 'LOCKED', amount: -QUANTITY },
    { account: spot(maker.userId, market.quote), bucket: 'AVAILABLE', amount: QUOTE - FEE },
    { account: fees(market.quote), bucket: 'AVAILABLE', amount: 2n * FEE },
    { account: spot(userId, market.quote), bucket: 'LOCKED', amount: -unused },
    { account: spot(userId, market.quote), bucket: 'AVAILABLE', amount: unused },
  ];
  const fill = { tradeId: '0', orderId: taker.id, symbol: market.symbol, side: 'BUY', price: '3400.00', quantity: '0.0100', quote: '34.000000', fee: '0.034000', feeAsset: market.quote, liquidity: 'TAKER', createdAt: now };
  return {
    market,
    userId,
    fresh: [taker],
    known: [makerAfter],
    trades: [trade],
    entries: [
      holdEntry({ ...taker, holdRemaining: TAKER_HOLD }),
      { type: 'TRADE', reference: null, postings: settle, metadata: { symbol: market.symbol, orderId: taker.id } },
    ],
    events: [
      event('orders.OrderUpdated', { userId, order: orderView(taker) }, now),
      event('orders.OrderUpdated', { userId: maker.userId, order: orderView(makerAfter) }, now),
      event('orders.FillCreated', { userId, fill }, now),
      event('orders.FillCreated', { userId: maker.userId, fill: { ...fill, orderId: maker.id, side: 'SELL', liquidity: 'MAKER' } }, now),
      event('orders.TradeExecuted', { trade: { id: '0', symbol: market.symbol, price: '3400.00', quantity: '0.0100', takerSide: 'BUY', createdAt: now } }, now),
      bookChanged(market, taker.priority, [], [['3400.00', '0']], now),
    ],
    now,
  };
}

/** The accounts of a batch, deduplicated, sorted by key (lockAll), with their net deltas. */
function batchAccounts(entries: readonly LedgerEntry[]): { key: string; ref: AccountRef; da: bigint; dl: bigint }[] {
  const byKey = new Map<string, { key: string; ref: AccountRef; da: bigint; dl: bigint }>();
  for (const e of entries) {
    for (const p of e.postings) {
      const key = keyOf(p.account);
      const a = byKey.get(key) ?? { key, ref: p.account, da: 0n, dl: 0n };
      if (p.bucket === 'AVAILABLE') a.da += p.amount;
      else a.dl += p.amount;
      byKey.set(key, a);
    }
  }
  return [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
}

const str = (v: bigint | null) => v?.toString() ?? null;

/** SqlOrderRepository.writePass's 50 parameters, in its order: one order's market is written, at the version it expects. */
function writePassParams(fresh: readonly OrderState[], known: readonly OrderState[], trades: readonly NewTrade[], symbol: string, expected: bigint): unknown[] {
  return [
    fresh.map((o) => o.id),
    fresh.map((o) => o.userId),
    fresh.map((o) => o.symbol),
    fresh.map((o) => o.side),
    fresh.map((o) => o.type),
    fresh.map((o) => o.timeInForce),
    fresh.map((o) => str(o.price)),
    fresh.map((o) => str(o.quantity)),
    fresh.map((o) => str(o.filledQuantity)),
    fresh.map((o) => str(o.takerQuote)),
    fresh.map((o) => str(o.makerQuote)),
    fresh.map((o) => str(o.feePaid)),
    fresh.map((o) => o.status),
    fresh.map((o) => o.reason),
    fresh.map((o) => o.clientOrderId),
    fresh.map((o) => o.holdAsset),
    fresh.map((o) => str(o.holdRemaining)),
    fresh.map((o) => String(o.priority)),
    fresh.map((o) => o.createdAt),
    fresh.map((o) => o.updatedAt),
    fresh.map((o) => str(o.makerFeePpm)),
    fresh.map((o) => str(o.takerFeePpm)),
    known.map((o) => o.id),
    known.map((o) => str(o.price)),
    known.map((o) => str(o.quantity)),
    known.map((o) => str(o.filledQuantity)),
    known.map((o) => str(o.takerQuote)),
    known.map((o) => str(o.makerQuote)),
    known.map((o) => str(o.feePaid)),
    known.map((o) => o.status),
    known.map((o) => o.reason),
    known.map((o) => str(o.holdRemaining)),
    known.map((o) => String(o.priority)),
    known.map((o) => o.updatedAt),
    trades.map((t) => t.symbol),
    trades.map((t) => t.price.toString()),
    trades.map((t) => t.quantity.toString()),
    trades.map((t) => t.quote.toString()),
    trades.map((t) => t.takerSide),
    trades.map((t) => t.makerOrderId),
    trades.map((t) => t.takerOrderId),
    trades.map((t) => t.makerUserId),
    trades.map((t) => t.takerUserId),
    trades.map((t) => t.makerFee.toString()),
    trades.map((t) => t.takerFee.toString()),
    trades.map((t) => t.createdAt),
    [symbol],
    [expected.toString()],
    [],
    [],
  ];
}

class Insufficient extends Error {}

/** The writes' version check failed: the market moved since the version this loop expected (never, while it is the only writer). */
class Moved extends Error {
  readonly code = 'MOVED';
}

/** Each market's version as this loop last committed it: the app's cached version, which its writes expect. */
type Versions = Map<string, bigint>;

/** After a failed check (rolled back): the market's version now, so the next transaction expects it. */
async function refresh(c: PoolClient, symbol: string, versions: Versions): Promise<void> {
  const rows = (await c.query<{ version: string }>(SQL.marketVersion, [symbol])).rows;
  versions.set(symbol, rows[0] ? BigInt(rows[0].version) : 0n);
}

interface AccountRow {
  id: string;
  owner_id: string;
  kind: string;
  asset: string;
  available: string;
  locked: string;
}

/** TypeOrmLedgerRepository's `check`: the entries one by one on the locked balances. */
function check(entries: readonly LedgerEntry[], rows: Map<string, AccountRow>): void {
  const running = new Map<string, { available: bigint; locked: bigint }>();
  for (const e of entries) {
    for (const a of batchAccounts([e])) {
      const row = rows.get(a.key)!;
      const before = running.get(a.key) ?? { available: BigInt(row.available), locked: BigInt(row.locked) };
      const after = { available: before.available + a.da, locked: before.locked + a.dl };
      if (after.available < 0n || after.locked < 0n) throw new Insufficient('insufficient balance');
      running.set(a.key, after);
    }
  }
}

/** One order, statement by statement in one transaction, as the app sends them. Returns the round trips (in a row). */
async function placeN(c: PoolClient, pool: Pool, w: Work, versions: Versions): Promise<number> {
  let trips = 0;
  const send = async <R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]> => {
    trips++;
    return (await c.query<R>(sql, params)).rows;
  };
  const symbol = w.market.symbol;
  const expected = versions.get(symbol) ?? 0n;
  try {
    // MarketTurns, fast path (the market's book in memory at `expected`): START, and beside it, on pooled connections
    // (unlocked reads), the open-order counts (countOpenOf: the placing user) and the funds the batch's commands declared
    // (the makers come from memory: no read). One round trip.
    await Promise.all([
      send(SQL.begin),
      pool.query(SQL.openOrderCounts, [[w.userId]]),
      pool.query(SQL.availableFunds, [[w.userId], ['SPOT'], [w.fresh[0]!.holdAsset]]),
    ]);
    // Orders + trades, and the market bumped from `expected` (the row lock) in the same statement.
    const rows = await send<{ current: boolean; id: string | null }>(SQL.writePass, writePassParams(w.fresh, w.known, w.trades, symbol, expected));
    if (!rows[0]!.current) throw new Moved('market moved');
    const trades = rows.filter((r) => r.id !== null);
    const entries = w.entries.map((e) => (e.reference === null ? { ...e, reference: `trades:${trades[0]!.id}` } : e));

    // LedgerPoster.postManyDeferringEvents -> TypeOrmLedgerRepository.postMany: lock, check, write.
    const accounts = batchAccounts(entries);
    const locked = await send<AccountRow>(SQL.lockAccounts, [accounts.map((a) => a.ref.ownerId), accounts.map((a) => a.ref.kind), accounts.map((a) => a.ref.asset)]);
    const byKey = new Map(locked.map((r) => [keyOf({ ownerId: r.owner_id, kind: r.kind, asset: r.asset }), r]));
    check(entries, byKey);
    const postings = entries.flatMap((e) => e.postings.map((p) => ({ ...p, reference: e.reference!, type: e.type })));
    const written = await send<{ r: string; a: string; b: string; c: string | null; d: string | null; e: string | null; f: string | null }>(SQL.ledgerWrite, [
      entries.map(() => randomUUID()),
      entries.map((e) => e.type),
      entries.map((e) => e.reference),
      entries.map((e) => JSON.stringify(e.metadata)),
      w.now,
      postings.map((p) => p.reference),
      postings.map((p) => byKey.get(keyOf(p.account))!.id),
      postings.map((p) => p.account.asset),
      postings.map((p) => p.bucket),
      postings.map((p) => p.amount.toString()),
      postings.map((p) => p.type),
    ]);
    const ids = new Map(written.filter((row) => row.r === 'T').map((row) => [row.b, row.a]));
    const lastTouch = new Map<string, { type: string; transactionId: string }>();
    for (const e of entries) for (const a of batchAccounts([e])) lastTouch.set(a.key, { type: e.type, transactionId: ids.get(e.reference!)! });
    const balanceEvents = written
      .filter((row) => row.r === 'A' && row.b !== SYSTEM_OWNER)
      .map((row) => {
        const available = BigInt(row.e!);
        const lockedAmount = BigInt(row.f!);
        const touch = lastTouch.get(keyOf({ ownerId: row.b, kind: row.c!, asset: row.d! }))!;
        return event(
          'wallet.BalanceChanged',
          { userId: row.b, account: row.c, asset: row.d, available: row.e, locked: row.f, total: (available + lockedAmount).toString(), transactionId: touch.transactionId, entryType: touch.type },
          w.now,
        );
      });

    // OutboxWriter.append: the wallet's events and the orders', in one insert.
    const events = [...balanceEvents, ...w.events];
    await send(SQL.insertOutbox, [events.map((e) => e.event_id), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)), events.map((e) => e.occurred_at)]);
    await send(SQL.commit);
    versions.set(symbol, expected + 1n);
    return trips;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    if (error instanceof Moved) await refresh(c, symbol, versions);
    throw error;
  }
}

const json = (v: bigint | null) => (v === null ? null : v.toString());

function orderRecord(o: OrderState): Record<string, unknown> {
  return {
    id: o.id,
    user_id: o.userId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    time_in_force: o.timeInForce,
    price: json(o.price),
    quantity: json(o.quantity),
    filled_quantity: json(o.filledQuantity),
    taker_quote: json(o.takerQuote),
    maker_quote: json(o.makerQuote),
    fee_paid: json(o.feePaid),
    status: o.status,
    reason: o.reason,
    client_order_id: o.clientOrderId,
    hold_asset: o.holdAsset,
    hold_remaining: json(o.holdRemaining),
    priority: o.priority,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    maker_fee_rate: json(o.makerFeePpm),
    taker_fee_rate: json(o.takerFeePpm),
  };
}

/** The same work as one jsonb argument of bench_ref.place: one round trip. */
async function placeOne(c: PoolClient, w: Work, versions: Versions): Promise<number> {
  const expected = versions.get(w.market.symbol) ?? 0n;
  const accounts = batchAccounts(w.entries);
  const n = new Map(accounts.map((a, i) => [a.key, i + 1]));
  const transactions = w.entries.map((e) => ({ id: randomUUID(), type: e.type, reference: e.reference, metadata: e.metadata }));
  const last = transactions[transactions.length - 1]!;
  const arg = {
    now: w.now,
    symbol: w.market.symbol,
    expected: [{ symbol: w.market.symbol, version: expected.toString() }],
    unchanged: [],
    userId: w.userId,
    holdAsset: w.fresh[0]!.holdAsset,
    fresh: w.fresh.map(orderRecord),
    known: w.known.map((o) => ({
      id: o.id,
      price: json(o.price),
      quantity: json(o.quantity),
      filled: json(o.filledQuantity),
      taker_quote: json(o.takerQuote),
      maker_quote: json(o.makerQuote),
      fee_paid: json(o.feePaid),
      status: o.status,
      reason: o.reason,
      hold: json(o.holdRemaining),
      priority: o.priority,
      updated_at: o.updatedAt,
    })),
    trades: w.trades.map((t) => ({
      symbol: t.symbol,
      price: json(t.price),
      quantity: json(t.quantity),
      quote: json(t.quote),
      taker_side: t.takerSide,
      maker_order_id: t.makerOrderId,
      taker_order_id: t.takerOrderId,
      maker_user_id: t.makerUserId,
      taker_user_id: t.takerUserId,
      maker_fee: json(t.makerFee),
      taker_fee: json(t.takerFee),
      created_at: t.createdAt,
    })),
    accounts: accounts.map((a) => ({ n: n.get(a.key), o: a.ref.ownerId, k: a.ref.kind, s: a.ref.asset, da: json(a.da), dl: json(a.dl) })),
    transactions,
    postings: w.entries.flatMap((e) => e.postings.map((p) => ({ reference: e.reference, n: n.get(keyOf(p.account)), asset: p.account.asset, bucket: p.bucket, amount: json(p.amount), type: e.type }))),
    lastTransactionId: last.id,
    lastTransactionType: last.type,
    events: w.events,
  };
  try {
    await c.query('SELECT bench_ref.place($1::jsonb)', [JSON.stringify(arg)]);
  } catch (error) {
    if ((error as { code?: string }).code === 'MOVED') await refresh(c, w.market.symbol, versions);
    throw error;
  }
  versions.set(w.market.symbol, expected + 1n);
  return 1;
}

// ---------------------------------------------------------------------------------------------
// The loop.
// ---------------------------------------------------------------------------------------------

interface Measured {
  readonly tps: number;
  readonly p99Ms: number;
  readonly errors: Record<string, number>;
  readonly trips: { resting: number; trading: number };
}

async function measure(pool: Pool, userIds: readonly string[], concurrency: number, ms: number, variant: 'n' | 'one', versions: Versions): Promise<Measured> {
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  const trips = { resting: 0, trading: 0 };
  let done = 0;
  const end = performance.now() + ms;
  // One transaction at a time per market, as the app's lane runs one batch at a time: the version its
  // writes expect is then always the market's (no other writer), as for an app alone on its database.
  const turns = new Map<string, Promise<void>>();
  const inTurn = <T>(symbol: string, work: () => Promise<T>): Promise<T> => {
    const run = (turns.get(symbol) ?? Promise.resolve()).then(work);
    turns.set(
      symbol,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  };
  const worker = async (w: number) => {
    const c = await pool.connect();
    // One market per worker (the app runs one batch per market at a time: workers of one
    // market take turns); each worker has its own users (no lock waits between workers on
    // user accounts); the FEES account of the quote asset is shared.
    const market = MARKETS[w % MARKETS.length]!;
    const mine = userIds.filter((_, i) => i % concurrency === w);
    let k = 0;
    const random = mulberry32(w + 1);
    const ownSells: OrderState[] = [];
    try {
      while (performance.now() < end) {
        k++;
        const userId = mine[k % mine.length]!;
        // Shares as in the HTTP mix: resting vs taking one maker.
        const trade = ownSells.length > 0 && random() < 1 - MIX.resting;
        const maker = trade ? ownSells.shift()! : null;
        const taker = maker !== null && maker.userId === userId ? mine[(k + 1) % mine.length]! : userId;
        // Resting orders alternate sides, but sell while few makers are left: half of 65% resting
        // could not feed 35% takers.
        const side: 'BUY' | 'SELL' = maker !== null ? 'BUY' : ownSells.length < 8 || k % 2 === 1 ? 'SELL' : 'BUY';
        const work = buildWork(market, taker, side, maker);
        const t = performance.now();
        try {
          const n = await inTurn(market.symbol, () => (variant === 'n' ? placeN(c, pool, work, versions) : placeOne(c, work, versions)));
          latency.record((performance.now() - t) * 1e3); // us
          done++;
          if (maker === null) trips.resting = n;
          else trips.trading = n;
          if (maker === null && side === 'SELL') ownSells.push(work.fresh[0]!);
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

/** Every account the loop touches exists before it runs, as the app's cache assumes after its warm-up (lockAll's creation statement, once). */
async function ensureAccounts(pool: Pool, userIds: readonly string[]): Promise<void> {
  const assets = [...new Set(MARKETS.flatMap((m) => [m.base, m.quote]))];
  const refs = [...userIds.flatMap((u) => assets.map((a) => spot(u, a))), ...[...new Set(MARKETS.map((m) => m.quote))].map(fees)];
  refs.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : 1));
  await pool.query(SQL.ensureAccounts, [refs.map((r) => r.ownerId), refs.map((r) => r.kind), refs.map((r) => r.asset)]);
}

export async function runPgReference(o: {
  databaseUrl: string;
  userIds: readonly string[];
  concurrency: readonly number[];
  seconds: number;
  log: (m: string) => void;
}): Promise<PgReference> {
  // One connection per worker, and the two reads beside START of each market's transaction.
  const pool = new Pool({ connectionString: o.databaseUrl, max: Math.max(...o.concurrency) + 2 * MARKETS.length });
  // The bench drops the database right after: a connection still closing is then terminated by the server.
  pool.on('error', () => undefined);
  try {
    await pool.query(FUNCTIONS);
    await ensureAccounts(pool, o.userIds);
    // The markets' versions as the app left them: the loop's "cached" versions from here on.
    const versions: Versions = new Map(
      (await pool.query<{ symbol: string; version: string }>(`SELECT symbol, version::text FROM orders.market_state`)).rows.map((r) => [r.symbol, BigInt(r.version)]),
    );
    const runs: PgReferenceRun[] = [];
    for (const concurrency of o.concurrency) {
      // Warm-up of both variants (plans, caches), then each measured, N first.
      await measure(pool, o.userIds, concurrency, 1000, 'n', versions);
      await measure(pool, o.userIds, concurrency, 1000, 'one', versions);
      const n = await measure(pool, o.userIds, concurrency, o.seconds * 1000, 'n', versions);
      const one = await measure(pool, o.userIds, concurrency, o.seconds * 1000, 'one', versions);
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

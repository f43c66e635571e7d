import { EntityManager } from 'typeorm';
import { OrdersError, OrdersErrorCode } from '../../domain';
import { MarketVersionCheck, NewTrade, StoredOrder, StoredTrade } from '../../application/ports';
import { TRADE_COLUMNS, TradeRow, toTrade } from './order-rows';

// The write of a matching pass and the market versions that guard it: each function is one
// statement on the manager it is given (the ambient transaction's), whatever the number of
// orders, trades or markets (unnest).

/** No market to check: the careful path bumped them all first. */
const NO_CHECK: MarketVersionCheck = { bump: new Map(), unchanged: new Map() };

export async function writePass(
  em: EntityManager,
  orders: readonly { order: StoredOrder; isNew: boolean }[],
  trades: readonly NewTrade[],
  expected: MarketVersionCheck = NO_CHECK,
): Promise<{ trades: StoredTrade[]; current: boolean }> {
  const fresh = orders.filter((o) => o.isNew).map((o) => o.order);
  const known = orders.filter((o) => !o.isNew).map((o) => o.order);
  const amounts = (list: readonly StoredOrder[], pick: (o: StoredOrder) => bigint | null) => list.map((o) => pick(o)?.toString() ?? null);
  // Symbol order: the lock order of every batch's market rows, so two instances never deadlock on them.
  const bump = [...expected.bump].sort(([x], [y]) => (x < y ? -1 : 1));
  const unchanged = [...expected.unchanged];
  try {
    // `checked` runs the bump first (every write below waits on it) and says whether every market was where the batch
    // expected it; each write is conditioned on it, so a market that moved leaves the statement writing nothing.
    const rows: ({ current: boolean } & (TradeRow | { [K in keyof TradeRow]: null }))[] = await em.query(
      `WITH expected AS (
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
             maker_fee_rate, taker_fee_rate, reduce_only, trigger_kind, trigger_by, trigger_price, callback_rate, activation_price,
             close_position, trail_anchor, triggered_at, good_till, list_id, list_role)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[],
             $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], $15::text[], $16::text[],
             $17::numeric[], $18::bigint[], $19::timestamptz[], $20::timestamptz[], $21::numeric[], $22::numeric[], $51::boolean[],
             $52::text[], $53::text[], $54::numeric[], $55::numeric[], $56::numeric[], $57::boolean[], $58::numeric[], $59::timestamptz[],
             $60::timestamptz[], $61::uuid[], $63::text[])
            WHERE (SELECT current FROM checked)
         ),
         updated AS (
           UPDATE orders.orders o SET price = u.price, quantity = u.quantity, filled_quantity = u.filled, taker_quote = u.taker_quote,
             maker_quote = u.maker_quote, fee_paid = u.fee_paid, status = u.status, reason = u.reason, hold_remaining = u.hold,
             priority = u.priority, updated_at = u.updated_at, triggered_at = u.triggered_at
             FROM unnest($23::uuid[], $24::numeric[], $25::numeric[], $26::numeric[], $27::numeric[], $28::numeric[], $29::numeric[],
               $30::text[], $31::text[], $32::numeric[], $33::bigint[], $34::timestamptz[], $62::timestamptz[])
               AS u(id, price, quantity, filled, taker_quote, maker_quote, fee_paid, status, reason, hold, priority, updated_at, triggered_at)
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
      [
        fresh.map((o) => o.id),
        fresh.map((o) => o.userId),
        fresh.map((o) => o.symbol),
        fresh.map((o) => o.side),
        fresh.map((o) => o.type),
        fresh.map((o) => o.timeInForce),
        amounts(fresh, (o) => o.price),
        amounts(fresh, (o) => o.quantity),
        amounts(fresh, (o) => o.filledQuantity),
        amounts(fresh, (o) => o.takerQuote),
        amounts(fresh, (o) => o.makerQuote),
        amounts(fresh, (o) => o.feePaid),
        fresh.map((o) => o.status),
        fresh.map((o) => o.reason),
        fresh.map((o) => o.clientOrderId),
        fresh.map((o) => o.holdAsset),
        amounts(fresh, (o) => o.holdRemaining),
        fresh.map((o) => String(o.priority)),
        fresh.map((o) => o.createdAt),
        fresh.map((o) => o.updatedAt),
        amounts(fresh, (o) => o.makerFeePpm),
        amounts(fresh, (o) => o.takerFeePpm),
        known.map((o) => o.id),
        amounts(known, (o) => o.price),
        amounts(known, (o) => o.quantity),
        amounts(known, (o) => o.filledQuantity),
        amounts(known, (o) => o.takerQuote),
        amounts(known, (o) => o.makerQuote),
        amounts(known, (o) => o.feePaid),
        known.map((o) => o.status),
        known.map((o) => o.reason),
        amounts(known, (o) => o.holdRemaining),
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
        bump.map(([symbol]) => symbol),
        bump.map(([, version]) => version.toString()),
        unchanged.map(([symbol]) => symbol),
        unchanged.map(([, version]) => version.toString()),
        fresh.map((o) => o.reduceOnly),
        fresh.map((o) => o.trigger?.kind ?? null),
        fresh.map((o) => o.trigger?.by ?? null),
        amounts(fresh, (o) => o.trigger?.price ?? null),
        amounts(fresh, (o) => o.trigger?.callbackPpm ?? null),
        amounts(fresh, (o) => o.trigger?.activationPrice ?? null),
        fresh.map((o) => o.trigger?.closePosition ?? false),
        amounts(fresh, (o) => o.trigger?.anchor ?? null),
        fresh.map((o) => o.trigger?.triggeredAt ?? null),
        fresh.map((o) => o.goodTill),
        fresh.map((o) => o.listId),
        known.map((o) => o.trigger?.triggeredAt ?? null),
        fresh.map((o) => o.listRole),
      ],
    );
    const stored = rows.filter((r): r is { current: boolean } & TradeRow => r.id !== null).map(toTrade);
    return { trades: stored.sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1)), current: rows[0]!.current };
  } catch (error) {
    // Two markets' turns racing with one clientOrderId: the unique key decides, the loser gets a clear error.
    if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'orders_user_client_order_id_key') {
      throw new OrdersError(OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT, 'This clientOrderId is already used by another order');
    }
    throw error;
  }
}

export async function bumpMarketVersions(em: EntityManager, symbols: readonly string[], countOpenOf: readonly string[] = []): Promise<{ versions: Map<string, bigint>; openOrders: Map<string, number> }> {
  const rows: { versions: Record<string, string>; open_orders: Record<string, number> | null }[] = await em.query(
    `WITH bumped AS (
         INSERT INTO orders.market_state (symbol, version)
         SELECT s, 1 FROM unnest($1::text[]) WITH ORDINALITY AS x(s, n) ORDER BY n
         ON CONFLICT (symbol) DO UPDATE SET version = orders.market_state.version + 1
         RETURNING symbol, version
       )
       SELECT (SELECT json_object_agg(symbol, version::text) FROM bumped) AS versions,
              (SELECT json_object_agg(c.user_id, c.n)
                 FROM (SELECT user_id, count(*)::int AS n FROM orders.orders
                        WHERE user_id = ANY($2::uuid[]) AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')
                        GROUP BY user_id) AS c) AS open_orders`,
    [symbols, countOpenOf],
  );
  const versions = new Map(Object.entries(rows[0]!.versions).map(([symbol, version]) => [symbol, BigInt(version)]));
  return { versions, openOrders: new Map(Object.entries(rows[0]!.open_orders ?? {})) };
}

export async function marketVersion(em: EntityManager, symbol: string): Promise<bigint> {
  const rows: { version: string }[] = await em.query(`SELECT version::text FROM orders.market_state WHERE symbol = $1`, [symbol]);
  return rows[0] ? BigInt(rows[0].version) : 0n;
}

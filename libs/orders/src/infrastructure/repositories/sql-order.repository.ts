import { Injectable } from '@nestjs/common';
import { isUuid } from '@lib/kernel';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { OrderData, OrderStatus, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce } from '../../domain';
import {
  CandleRow,
  MarketVersionCheck,
  NamedOrder,
  NewTrade,
  OrderFilter,
  OrderRepository,
  clientOrderKey,
  StoredOrder,
  StoredTrade,
  TradeFilter,
  TradeStats,
} from '../../application/ports';

const ORDER_COLUMNS = `id, user_id, symbol, side, type, time_in_force, price::text, quantity::text, filled_quantity::text,
  taker_quote::text, maker_quote::text, fee_paid::text, status, reason, client_order_id, hold_asset, hold_remaining::text,
  maker_fee_rate::text, taker_fee_rate::text, priority::text, created_at, updated_at`;
const TRADE_COLUMNS = `id::text, symbol, price::text, quantity::text, quote::text, taker_side, maker_order_id, taker_order_id,
  maker_user_id, taker_user_id, maker_fee::text, taker_fee::text, created_at`;

interface OrderRow {
  id: string;
  user_id: string;
  symbol: string;
  side: string;
  type: string;
  time_in_force: string;
  price: string | null;
  quantity: string;
  filled_quantity: string;
  taker_quote: string;
  maker_quote: string;
  fee_paid: string;
  status: string;
  reason: string | null;
  client_order_id: string | null;
  hold_asset: string;
  hold_remaining: string;
  maker_fee_rate: string;
  taker_fee_rate: string;
  priority: string;
  created_at: Date;
  updated_at: Date;
}

interface TradeRow {
  id: string;
  symbol: string;
  price: string;
  quantity: string;
  quote: string;
  taker_side: string;
  maker_order_id: string;
  taker_order_id: string;
  maker_user_id: string;
  taker_user_id: string;
  maker_fee: string;
  taker_fee: string;
  created_at: Date;
}

/** No market to check: the careful path bumped them all first. */
const NO_CHECK: MarketVersionCheck = { bump: new Map(), unchanged: new Map() };

/**
 * Orders and trades in plain SQL, on the ambient transaction's connection
 * (TransactionHost.tx is the pooled manager outside one). Writes are one
 * statement per batch (unnest), whatever the number of orders or trades.
 */
@Injectable()
export class SqlOrderRepository extends OrderRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  async writePass(
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
      const rows: ({ current: boolean } & (TradeRow | { [K in keyof TradeRow]: null }))[] = await this.em.query(
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

  async bumpMarketVersions(symbols: readonly string[], countOpenOf: readonly string[] = []): Promise<{ versions: Map<string, bigint>; openOrders: Map<string, number> }> {
    const rows: { versions: Record<string, string>; open_orders: Record<string, number> | null }[] = await this.em.query(
      `WITH bumped AS (
         INSERT INTO orders.market_state (symbol, version)
         SELECT s, 1 FROM unnest($1::text[]) WITH ORDINALITY AS x(s, n) ORDER BY n
         ON CONFLICT (symbol) DO UPDATE SET version = orders.market_state.version + 1
         RETURNING symbol, version
       )
       SELECT (SELECT json_object_agg(symbol, version::text) FROM bumped) AS versions,
              (SELECT json_object_agg(c.user_id, c.n)
                 FROM (SELECT user_id, count(*)::int AS n FROM orders.orders
                        WHERE user_id = ANY($2::uuid[]) AND status IN ('NEW', 'PARTIALLY_FILLED')
                        GROUP BY user_id) AS c) AS open_orders`,
      [symbols, countOpenOf],
    );
    const versions = new Map(Object.entries(rows[0]!.versions).map(([symbol, version]) => [symbol, BigInt(version)]));
    return { versions, openOrders: new Map(Object.entries(rows[0]!.open_orders ?? {})) };
  }

  async openOrderCounts(users: readonly string[]): Promise<Map<string, number>> {
    if (users.length === 0) return new Map();
    const rows: { user_id: string; n: number }[] = await this.em.query(
      `SELECT user_id, count(*)::int AS n FROM orders.orders
        WHERE user_id = ANY($1::uuid[]) AND status IN ('NEW', 'PARTIALLY_FILLED')
        GROUP BY user_id`,
      [users],
    );
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }

  async marketVersion(symbol: string): Promise<bigint> {
    const rows: { version: string }[] = await this.em.query(`SELECT version::text FROM orders.market_state WHERE symbol = $1`, [symbol]);
    return rows[0] ? BigInt(rows[0].version) : 0n;
  }

  async findByIds(ids: readonly string[]): Promise<StoredOrder[]> {
    if (ids.length === 0) return [];
    const rows: OrderRow[] = await this.em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toOrder);
  }

  async findForUser(userId: string, idOrClientId: string): Promise<StoredOrder | null> {
    const rows: OrderRow[] = await this.em.query(
      `SELECT ${ORDER_COLUMNS} FROM orders.orders
        WHERE user_id = $1 AND (id = $3::uuid OR client_order_id = $2::text)
        ORDER BY (client_order_id = $2::text) DESC NULLS LAST LIMIT 1`,
      [userId, idOrClientId, isUuid(idOrClientId) ? idOrClientId : null],
    );
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async findByClientOrderId(userId: string, clientOrderId: string): Promise<StoredOrder | null> {
    const rows: OrderRow[] = await this.em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE user_id = $1 AND client_order_id = $2`, [
      userId,
      clientOrderId,
    ]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async ordersByClientOrderIds(pairs: readonly { userId: string; clientOrderId: string }[]): Promise<Map<string, NamedOrder>> {
    const rows: OrderRow[] = await this.em.query(
      `SELECT ${ORDER_COLUMNS} FROM orders.orders
        WHERE (user_id, client_order_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [pairs.map((p) => p.userId), pairs.map((p) => p.clientOrderId)],
    );
    return new Map(rows.map((r) => [clientOrderKey(r.user_id, r.client_order_id!), toOrder(r)]));
  }

  async openInMarket(symbol: string): Promise<StoredOrder[]> {
    const rows: OrderRow[] = await this.em.query(
      `SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE symbol = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY orders.priority`,
      [symbol],
    );
    return rows.map(toOrder);
  }

  async marketsWithOpenOrders(): Promise<string[]> {
    const rows: { symbol: string }[] = await this.em.query(
      `SELECT DISTINCT symbol FROM orders.orders WHERE status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY symbol`,
    );
    return rows.map((r) => r.symbol);
  }

  async openIdsOfUser(userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]> {
    return this.em.query(
      `SELECT id, symbol FROM orders.orders WHERE user_id = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') AND ($2::text IS NULL OR symbol = $2)
        ORDER BY orders.priority`,
      [userId, symbol ?? null],
    );
  }

  async list(filter: OrderFilter): Promise<StoredOrder[]> {
    const rows: OrderRow[] = await this.em.query(
      `SELECT ${ORDER_COLUMNS} FROM orders.orders
        WHERE user_id = $1
          AND ($2::text IS NULL OR symbol = $2)
          AND ($3::text[] IS NULL OR status = ANY($3::text[]))
          AND ($4::timestamptz IS NULL OR created_at >= $4)
          AND ($5::timestamptz IS NULL OR created_at < $5)
          AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7::uuid))
        ORDER BY orders.created_at DESC, orders.id DESC
        LIMIT $8`,
      [
        filter.userId,
        filter.symbol ?? null,
        filter.statuses ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.before?.createdAt ?? null,
        filter.before?.id ?? null,
        filter.limit,
      ],
    );
    return rows.map(toOrder);
  }

  async trades(filter: TradeFilter): Promise<StoredTrade[]> {
    const rows: TradeRow[] = await this.em.query(
      `SELECT ${TRADE_COLUMNS} FROM orders.trades
        WHERE ($1::text IS NULL OR symbol = $1)
          AND ($2::uuid IS NULL OR maker_user_id = $2 OR taker_user_id = $2)
          AND ($3::uuid IS NULL OR maker_order_id = $3 OR taker_order_id = $3)
          AND ($4::bigint IS NULL OR trades.id < $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5)
          AND ($6::timestamptz IS NULL OR created_at < $6)
        ORDER BY trades.id DESC
        LIMIT $7`,
      [filter.symbol ?? null, filter.userId ?? null, filter.orderId ?? null, filter.beforeId ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
    );
    return rows.map(toTrade);
  }

  async candles(symbol: string, intervalSeconds: number, from: Date, to: Date, limit: number): Promise<CandleRow[]> {
    const rows: { open_time: Date; open: string; high: string; low: string; close: string; volume: string; quote_volume: string; trades: string }[] =
      await this.em.query(
        `SELECT date_bin(make_interval(secs => $2), created_at, TIMESTAMPTZ '2000-01-01') AS open_time,
                (array_agg(price ORDER BY id))[1]::text AS open, max(price)::text AS high, min(price)::text AS low,
                (array_agg(price ORDER BY id DESC))[1]::text AS close, sum(quantity)::text AS volume,
                sum(quote)::text AS quote_volume, count(*)::text AS trades
           FROM orders.trades
          WHERE symbol = $1 AND created_at >= $3 AND created_at < $4
          GROUP BY 1 ORDER BY 1 DESC LIMIT $5`,
        [symbol, intervalSeconds, from, to, limit],
      );
    return rows.reverse().map((r) => ({
      openTime: r.open_time,
      open: BigInt(r.open),
      high: BigInt(r.high),
      low: BigInt(r.low),
      close: BigInt(r.close),
      volume: BigInt(r.volume),
      quoteVolume: BigInt(r.quote_volume),
      trades: Number(r.trades),
    }));
  }

  async stats24h(symbols: readonly string[], now: Date): Promise<TradeStats[]> {
    const rows: { symbol: string; open: string | null; high: string | null; low: string | null; last: string | null; volume: string; quote_volume: string; trades: string }[] =
      await this.em.query(
        `SELECT s.symbol,
                (array_agg(t.price ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL))[1]::text AS open,
                max(t.price)::text AS high, min(t.price)::text AS low,
                (array_agg(t.price ORDER BY t.id DESC) FILTER (WHERE t.id IS NOT NULL))[1]::text AS last,
                COALESCE(sum(t.quantity), 0)::text AS volume, COALESCE(sum(t.quote), 0)::text AS quote_volume, count(t.id)::text AS trades
           FROM unnest($1::text[]) AS s(symbol)
           LEFT JOIN orders.trades t ON t.symbol = s.symbol AND t.created_at >= $2::timestamptz - interval '24 hours' AND t.created_at <= $2
          GROUP BY s.symbol`,
        [symbols, now],
      );
    const last = await this.lastPrices(symbols);
    return rows.map((r) => ({
      symbol: r.symbol,
      open: r.open === null ? null : BigInt(r.open),
      high: r.high === null ? null : BigInt(r.high),
      low: r.low === null ? null : BigInt(r.low),
      last: last.get(r.symbol) ?? null,
      volume: BigInt(r.volume),
      quoteVolume: BigInt(r.quote_volume),
      trades: Number(r.trades),
    }));
  }

  /** The last trade price ever, even older than 24 h. */
  private async lastPrices(symbols: readonly string[]): Promise<Map<string, bigint>> {
    const rows: { symbol: string; price: string }[] = await this.em.query(
      `SELECT s.symbol, t.price::text AS price FROM unnest($1::text[]) AS s(symbol)
         CROSS JOIN LATERAL (SELECT price FROM orders.trades WHERE symbol = s.symbol ORDER BY created_at DESC, id DESC LIMIT 1) t`,
      [symbols],
    );
    return new Map(rows.map((r) => [r.symbol, BigInt(r.price)]));
  }
}

function toOrder(r: OrderRow): OrderData {
  return {
    id: r.id,
    userId: r.user_id,
    symbol: r.symbol,
    side: r.side as Side,
    type: r.type as OrderType,
    timeInForce: r.time_in_force as TimeInForce,
    price: r.price === null ? null : BigInt(r.price),
    quantity: BigInt(r.quantity),
    filledQuantity: BigInt(r.filled_quantity),
    takerQuote: BigInt(r.taker_quote),
    makerQuote: BigInt(r.maker_quote),
    feePaid: BigInt(r.fee_paid),
    status: r.status as OrderStatus,
    reason: r.reason,
    clientOrderId: r.client_order_id,
    holdAsset: r.hold_asset,
    holdRemaining: BigInt(r.hold_remaining),
    makerFeePpm: BigInt(r.maker_fee_rate),
    takerFeePpm: BigInt(r.taker_fee_rate),
    priority: Number(r.priority),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toTrade(r: TradeRow): StoredTrade {
  return {
    id: r.id,
    symbol: r.symbol,
    price: BigInt(r.price),
    quantity: BigInt(r.quantity),
    quote: BigInt(r.quote),
    takerSide: r.taker_side,
    makerOrderId: r.maker_order_id,
    takerOrderId: r.taker_order_id,
    makerUserId: r.maker_user_id,
    takerUserId: r.taker_user_id,
    makerFee: BigInt(r.maker_fee),
    takerFee: BigInt(r.taker_fee),
    createdAt: r.created_at,
  };
}

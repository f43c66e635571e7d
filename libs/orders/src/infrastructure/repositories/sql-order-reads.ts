import { isUuid } from '@lib/kernel';
import { EntityManager } from 'typeorm';
import { NamedOrder, OpenHold, OrderFilter, StoredOrder, clientOrderKey } from '../../application/ports';
import { ORDER_COLUMNS, OrderRow, toOrder } from './order-rows';

// The order read queries: one statement each, on the manager they are given, no lock taken.

export async function openOrderCounts(em: EntityManager, users: readonly string[]): Promise<Map<string, number>> {
  if (users.length === 0) return new Map();
  const rows: { user_id: string; n: number }[] = await em.query(
    `SELECT user_id, count(*)::int AS n FROM orders.orders
        WHERE user_id = ANY($1::uuid[]) AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')
        GROUP BY user_id`,
    [users],
  );
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

export async function findByIds(em: EntityManager, ids: readonly string[]): Promise<StoredOrder[]> {
  if (ids.length === 0) return [];
  const rows: OrderRow[] = await em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids]);
  return rows.map(toOrder);
}

export async function findForUser(em: EntityManager, userId: string, idOrClientId: string): Promise<StoredOrder | null> {
  const rows: OrderRow[] = await em.query(
    `SELECT ${ORDER_COLUMNS} FROM orders.orders
        WHERE user_id = $1 AND (id = $3::uuid OR client_order_id = $2::text)
        ORDER BY (client_order_id = $2::text) DESC NULLS LAST LIMIT 1`,
    [userId, idOrClientId, isUuid(idOrClientId) ? idOrClientId : null],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function findByClientOrderId(em: EntityManager, userId: string, clientOrderId: string): Promise<StoredOrder | null> {
  const rows: OrderRow[] = await em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE user_id = $1 AND client_order_id = $2`, [
    userId,
    clientOrderId,
  ]);
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function ordersByClientOrderIds(em: EntityManager, pairs: readonly { userId: string; clientOrderId: string }[]): Promise<Map<string, NamedOrder>> {
  const rows: OrderRow[] = await em.query(
    `SELECT ${ORDER_COLUMNS} FROM orders.orders
        WHERE (user_id, client_order_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    [pairs.map((p) => p.userId), pairs.map((p) => p.clientOrderId)],
  );
  return new Map(rows.map((r) => [clientOrderKey(r.user_id, r.client_order_id!), toOrder(r)]));
}

/** The market's open orders in time priority, then its untriggered ones (by creation). */
export async function openInMarket(em: EntityManager, symbol: string): Promise<StoredOrder[]> {
  const rows: OrderRow[] = await em.query(
    `(SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE symbol = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY orders.priority)
     UNION ALL
     (SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE symbol = $1 AND status = 'UNTRIGGERED' ORDER BY created_at, id)`,
    [symbol],
  );
  return rows.map(toOrder);
}

/** Every untriggered order, of every market (what the trigger monitor watches). */
export async function untriggered(em: EntityManager): Promise<StoredOrder[]> {
  const rows: OrderRow[] = await em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE status = 'UNTRIGGERED'`);
  return rows.map(toOrder);
}

export async function saveTrailAnchors(em: EntityManager, rows: readonly { id: string; side: string; anchor: bigint }[]): Promise<void> {
  if (rows.length === 0) return;
  await em.query(
    `UPDATE orders.orders o
        SET trail_anchor = CASE WHEN o.trail_anchor IS NULL THEN u.anchor
                                WHEN o.side = 'SELL' THEN GREATEST(o.trail_anchor, u.anchor)
                                ELSE LEAST(o.trail_anchor, u.anchor) END
       FROM unnest($1::uuid[], $2::numeric[]) AS u(id, anchor)
      WHERE o.id = u.id AND o.status = 'UNTRIGGERED'`,
    [rows.map((r) => r.id), rows.map((r) => r.anchor.toString())],
  );
}

export async function dueGoodTill(em: EntityManager, now: Date, limit: number): Promise<{ id: string; symbol: string }[]> {
  return em.query(
    `SELECT id, symbol FROM orders.orders
      WHERE good_till IS NOT NULL AND good_till <= $1 AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')
      ORDER BY good_till LIMIT $2`,
    [now, limit],
  );
}

export async function marketsWithOpenOrders(em: EntityManager): Promise<string[]> {
  const rows: { symbol: string }[] = await em.query(
    `SELECT DISTINCT symbol FROM orders.orders WHERE status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED') ORDER BY symbol`,
  );
  return rows.map((r) => r.symbol);
}

/*
 * Two partial indexes, each read alone: orders_open_book_idx (the books'
 * orders) and orders_untriggered_idx (the conditional orders waiting). The
 * cost follows the open orders, never the history.
 */
export async function openOrdersByMarket(em: EntityManager): Promise<{ symbol: string; open: number; untriggered: number }[]> {
  return em.query(
    `SELECT symbol, sum(open)::int AS open, sum(untriggered)::int AS untriggered FROM (
        SELECT symbol, count(*) AS open, 0 AS untriggered FROM orders.orders WHERE status IN ('NEW', 'PARTIALLY_FILLED') GROUP BY symbol
        UNION ALL
        SELECT symbol, 0, count(*) FROM orders.orders WHERE status = 'UNTRIGGERED' GROUP BY symbol) o
      GROUP BY symbol ORDER BY symbol`,
  );
}

/** Σ of what open orders hold (hold_remaining), per user, market and held asset (open: untriggered, new, partly filled). */
export async function openHolds(em: EntityManager): Promise<OpenHold[]> {
  const rows: { user_id: string; symbol: string; hold_asset: string; held: string; n: number }[] = await em.query(
    `SELECT user_id, symbol, hold_asset, sum(hold_remaining)::text AS held, count(*)::int AS n FROM orders.orders
        WHERE status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED') AND hold_remaining <> 0
        GROUP BY user_id, symbol, hold_asset`,
  );
  return rows.map((r) => ({ userId: r.user_id, symbol: r.symbol, asset: r.hold_asset, held: BigInt(r.held), orders: r.n }));
}

export async function openIdsOfUser(em: EntityManager, userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]> {
  return em.query(
    `SELECT id, symbol FROM orders.orders WHERE user_id = $1 AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED') AND ($2::text IS NULL OR symbol = $2)
        ORDER BY orders.priority`,
    [userId, symbol ?? null],
  );
}

export async function list(em: EntityManager, filter: OrderFilter): Promise<StoredOrder[]> {
  const rows: OrderRow[] = await em.query(
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

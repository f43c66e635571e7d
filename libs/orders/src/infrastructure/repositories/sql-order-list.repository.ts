import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@lib/platform';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager } from 'typeorm';
import { ListKind, ListStatus } from '../../domain';
import type { ListTemplate, StoredList } from '../../application/lists/order-list';
import { OrderListRepository } from '../../application/ports/order-list.repository.port';
import type { StoredOrder } from '../../application/ports';
import { ORDER_COLUMNS, OrderRow, toOrder } from './order-rows';

interface ListRow {
  id: string;
  user_id: string;
  symbol: string;
  kind: string;
  status: string;
  client_list_id: string | null;
  pending: ListTemplate[] | null;
  created_at: Date;
  updated_at: Date;
}

const LIST_COLUMNS = 'id, user_id, symbol, kind, status, client_list_id, pending, created_at, updated_at';

function toList(r: ListRow): StoredList {
  return {
    id: r.id,
    userId: r.user_id,
    symbol: r.symbol,
    kind: r.kind as ListKind,
    status: r.status as ListStatus,
    clientListId: r.client_list_id,
    pending: r.pending,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

@Injectable()
export class SqlOrderListRepository extends OrderListRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  async insert(list: StoredList): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO orders.order_lists (${LIST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
        ON CONFLICT ON CONSTRAINT order_lists_user_client_list_id_key DO NOTHING RETURNING id`,
      [list.id, list.userId, list.symbol, list.kind, list.status, list.clientListId, list.pending === null ? null : JSON.stringify(list.pending), list.createdAt, list.updatedAt],
    );
    return rows.length === 1;
  }

  // UPDATE in a CTE: the statement is a SELECT, so the driver answers its rows (an UPDATE answers [rows, count]).
  async clearPending(listId: string): Promise<boolean> {
    const rows: unknown[] = await this.em.query(`WITH t AS (UPDATE orders.order_lists SET pending = NULL, updated_at = now() WHERE id = $1 AND pending IS NOT NULL RETURNING id) SELECT id FROM t`, [listId]);
    return rows.length === 1;
  }

  async pendingOfUser(userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]> {
    return this.em.query(
      `SELECT id, symbol FROM orders.order_lists WHERE user_id = $1 AND status = 'EXECUTING' AND pending IS NOT NULL AND ($2::text IS NULL OR symbol = $2)`,
      [userId, symbol ?? null],
    );
  }

  async stopPendingOfUser(userId: string, symbol: string): Promise<string[]> {
    const rows: { id: string }[] = await this.em.query(
      `WITH t AS (UPDATE orders.order_lists SET pending = NULL, updated_at = now()
                   WHERE user_id = $1 AND symbol = $2 AND status = 'EXECUTING' AND pending IS NOT NULL RETURNING id)
       SELECT id FROM t ORDER BY id`,
      [userId, symbol],
    );
    return rows.map((r) => r.id);
  }

  async find(userId: string, listId: string): Promise<{ list: StoredList; orders: StoredOrder[] } | null> {
    const rows: ListRow[] = await this.em.query(`SELECT ${LIST_COLUMNS} FROM orders.order_lists WHERE id = $1 AND user_id = $2`, [listId, userId]);
    if (!rows[0]) return null;
    return { list: toList(rows[0]), orders: await this.ordersOf([listId]).then((m) => m.get(listId) ?? []) };
  }

  async executing(limit: number, after?: { createdAt: Date; id: string }): Promise<{ list: StoredList; orders: StoredOrder[] }[]> {
    const rows: ListRow[] = await this.em.query(
      `SELECT ${LIST_COLUMNS} FROM orders.order_lists
        WHERE status = 'EXECUTING' AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
        ORDER BY created_at, id LIMIT $1`,
      [limit, after?.createdAt ?? null, after?.id ?? null],
    );
    return this.withOrders(rows);
  }

  async byIds(ids: readonly string[]): Promise<{ list: StoredList; orders: StoredOrder[] }[]> {
    if (ids.length === 0) return [];
    return this.withOrders(await this.em.query(`SELECT ${LIST_COLUMNS} FROM orders.order_lists WHERE id = ANY($1::uuid[])`, [ids]));
  }

  private async withOrders(rows: ListRow[]): Promise<{ list: StoredList; orders: StoredOrder[] }[]> {
    const orders = await this.ordersOf(rows.map((r) => r.id));
    return rows.map((r) => ({ list: toList(r), orders: orders.get(r.id) ?? [] }));
  }

  async markDone(listId: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.em.query(`WITH t AS (UPDATE orders.order_lists SET status = 'ALL_DONE', pending = NULL, updated_at = $2 WHERE id = $1 AND status = 'EXECUTING' RETURNING id) SELECT id FROM t`, [listId, at]);
    return rows.length === 1;
  }

  private async ordersOf(listIds: readonly string[]): Promise<Map<string, StoredOrder[]>> {
    const byList = new Map<string, StoredOrder[]>();
    if (listIds.length === 0) return byList;
    const rows: OrderRow[] = await this.em.query(`SELECT ${ORDER_COLUMNS} FROM orders.orders WHERE list_id = ANY($1::uuid[])
        ORDER BY created_at, array_position(ARRAY['ENTRY', 'WORKING', 'LEG', 'TAKE_PROFIT', 'STOP_LOSS', 'PENDING'], list_role),
                 trigger_kind IS NOT NULL, array_position(ARRAY['TAKE_PROFIT', 'STOP', 'TRAILING_STOP'], trigger_kind), id`, [listIds]);
    for (const row of rows) byList.set(row.list_id!, [...(byList.get(row.list_id!) ?? []), toOrder(row)]);
    return byList;
  }
}

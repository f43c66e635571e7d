import type { OrderView } from '../views';
import type { OrderListView, StoredList } from './order-list';

export function listView(list: StoredList, orders: readonly OrderView[]): OrderListView {
  return {
    listId: list.id,
    clientListId: list.clientListId,
    kind: list.kind,
    symbol: list.symbol,
    status: list.status,
    pendingRoles: (list.pending ?? []).map((t) => t.role),
    orders,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

import type { StoredList } from '../lists/order-list';
import type { StoredOrder } from './order.repository.port';

/** The order lists (orders.order_lists), on the ambient transaction. */
export abstract class OrderListRepository {
  /** Inserts the list; false when the user's clientListId is taken (nothing written). */
  abstract insert(list: StoredList): Promise<boolean>;
  /** Clears what the list has still to place; false when it was cleared already (by another command: it happened once). */
  abstract clearPending(listId: string): Promise<boolean>;
  /** The user's executing lists that still have orders to place later (of one market, or all). */
  abstract pendingOfUser(userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]>;
  /** Clears what the user's executing lists of the market still had to place (an admin's forced cancel); their ids. */
  abstract stopPendingOfUser(userId: string, symbol: string): Promise<string[]>;
  /** The list and its orders (the user's own only). */
  abstract find(userId: string, listId: string): Promise<{ list: StoredList; orders: StoredOrder[] } | null>;
  /** Lists still EXECUTING, oldest first (after `after`, a page's last), with their orders. */
  abstract executing(limit: number, after?: { createdAt: Date; id: string }): Promise<{ list: StoredList; orders: StoredOrder[] }[]>;
  /** These lists (any user's), with their orders. */
  abstract byIds(ids: readonly string[]): Promise<{ list: StoredList; orders: StoredOrder[] }[]>;
  /** EXECUTING -> ALL_DONE; false when it was done already. */
  abstract markDone(listId: string, at: Date): Promise<boolean>;
}

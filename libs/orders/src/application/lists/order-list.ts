import type { NewIntegrationEvent } from '@lib/platform';
import { ListKind, ListRole, ListStatus } from '../../domain';
import type { PlaceOrderInput } from '../commands/place-order/place-order.command';
import type { StoredOrder } from '../ports';
import type { OrderView } from '../views';

export const ORDER_LIST_UPDATED = 'orders.OrderListUpdated';

/** An order a list places later (a bracket's legs, an OTO's pending order): the request as it was checked, without the user. */
export type ListTemplate = Omit<PlaceOrderInput, 'userId'> & { readonly role: ListRole };

/** A list as stored. */
export interface StoredList {
  readonly id: string;
  readonly userId: string;
  readonly symbol: string;
  readonly kind: ListKind;
  readonly status: ListStatus;
  readonly clientListId: string | null;
  /** The orders it has still to place; null once placed (or never to be). */
  readonly pending: readonly ListTemplate[] | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Version 1: a list was placed or finished (every order ended, nothing left to place). */
export type OrderListUpdatedV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly listId: string;
  readonly clientListId: string | null;
  readonly kind: string;
  readonly symbol: string;
  readonly status: string;
  readonly orderIds: readonly string[];
  readonly updatedAt: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [ORDER_LIST_UPDATED]: OrderListUpdatedV1;
  }
}

export interface OrderListView {
  readonly listId: string;
  readonly clientListId: string | null;
  readonly kind: string;
  readonly symbol: string;
  readonly status: string;
  /** What is still to be placed: a bracket's TAKE_PROFIT and STOP_LOSS before the entry fills, an OTO's PENDING before its working order fills. */
  readonly pendingRoles: readonly string[];
  readonly orders: readonly OrderView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function orderListEvent(list: StoredList, status: ListStatus, orderIds: readonly string[], at: Date): NewIntegrationEvent<typeof ORDER_LIST_UPDATED> {
  return {
    type: ORDER_LIST_UPDATED,
    payload: { version: 1, userId: list.userId, listId: list.id, clientListId: list.clientListId, kind: list.kind, symbol: list.symbol, status, orderIds, updatedAt: at.toISOString() },
  };
}

/** Whether nothing of the list can happen any more: every order ended and nothing left to place. */
export function isDone(list: StoredList, orders: readonly StoredOrder[]): boolean {
  const live = orders.some((o) => o.status === 'UNTRIGGERED' || o.status === 'NEW' || o.status === 'PARTIALLY_FILLED');
  return !live && (list.pending === null || list.pending.length === 0);
}

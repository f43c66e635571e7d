import { Injectable } from '@nestjs/common';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { ListStatus } from '../../domain';
import type { StoredOrder } from '../ports';
import { OrderListRepository } from '../ports/order-list.repository.port';
import { StoredList, isDone, orderListEvent } from './order-list';

/** Marks a list ALL_DONE once nothing of it can happen any more, with its `orderList` event: once (a conditional update). */
@Injectable()
export class ListCloser {
  constructor(
    private readonly lists: OrderListRepository,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
  ) {}

  async closeIfDone(list: StoredList, orders: readonly StoredOrder[]): Promise<boolean> {
    if (list.status !== ListStatus.EXECUTING || !isDone(list, orders)) return false;
    const at = new Date();
    return this.tx.withTransaction(async () => {
      if (!(await this.lists.markDone(list.id, at))) return false;
      await this.outbox.append([orderListEvent(list, ListStatus.ALL_DONE, orders.map((o) => o.id), at)]);
      return true;
    });
  }
}

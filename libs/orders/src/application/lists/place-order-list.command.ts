import { Command } from '@nestjs/cqrs';
import type { ListKind } from '../../domain';
import type { PlaceOrderInput } from '../commands/place-order/place-order.command';
import type { OrderListView } from './order-list';

/** One order of a list as the request gives it (the list's user is the command's). */
export type ListOrderInput = Omit<PlaceOrderInput, 'userId'>;

export interface PlaceOrderListInput {
  readonly userId: string;
  readonly kind: ListKind;
  readonly clientListId?: string;
  /** OCO: its two legs. */
  readonly legs?: readonly ListOrderInput[];
  /** BRACKET: the entry, and its legs (no quantity: sized to what the entry fills). */
  readonly entry?: ListOrderInput;
  readonly takeProfit?: ListOrderInput;
  readonly stopLoss?: ListOrderInput;
  /** OTO: the working order, and the order it places once it has filled. */
  readonly working?: ListOrderInput;
  readonly pending?: ListOrderInput;
}

/** POST /order-lists: an OCO, a bracket or an OTO (docs/conditional-orders.md, "Order lists"). */
export class PlaceOrderListCommand extends Command<OrderListView> {
  constructor(readonly input: PlaceOrderListInput) {
    super();
  }
}

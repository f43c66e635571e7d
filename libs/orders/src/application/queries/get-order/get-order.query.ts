import { Query } from '@nestjs/cqrs';
import { PlacedOrderView } from '../../views';

/** One order of the user by id or clientOrderId, with its fills. Another user's order is ORDER_NOT_FOUND. */
export class GetOrderQuery extends Query<PlacedOrderView> {
  constructor(
    readonly userId: string,
    readonly orderId: string,
  ) {
    super();
  }
}

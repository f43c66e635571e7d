import { Query } from '@nestjs/cqrs';
import { OrdersActivityView } from '../../views';

/**
 * Every market's trades in [from, to) (count, base and quote volumes, fees
 * charged) and its open orders now, untriggered conditional orders apart
 * (GET /admin/stats).
 */
export class GetOrdersActivityQuery extends Query<OrdersActivityView> {
  constructor(
    readonly from: Date,
    readonly to: Date,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { PlaceOrderInput } from '../../commands/place-order/place-order.command';
import { OrderPreviewView } from '../../views';

/** What the order would do if it were placed now (the same body as PlaceOrderCommand): nothing is placed, held or written. */
export class PreviewOrderQuery extends Query<OrderPreviewView> {
  constructor(readonly input: PlaceOrderInput) {
    super();
  }
}

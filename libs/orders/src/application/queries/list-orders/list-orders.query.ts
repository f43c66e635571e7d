import { Query } from '@nestjs/cqrs';
import { OrderStatus } from '../../../domain';
import { OrderPage } from '../../views';

/** The user's orders, newest first: `open` for the open ones, else the history with filters. */
export class ListOrdersQuery extends Query<OrderPage> {
  constructor(
    readonly userId: string,
    readonly filter: {
      readonly open?: boolean;
      /** With `open`: true for the untriggered ones only, false for the live ones only. */
      readonly untriggered?: boolean;
      readonly symbol?: string;
      readonly status?: OrderStatus;
      readonly from?: Date;
      readonly to?: Date;
      readonly cursor?: string;
      readonly limit: number;
    },
  ) {
    super();
  }
}

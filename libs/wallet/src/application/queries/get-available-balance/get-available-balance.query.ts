import { Query } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';

/**
 * For other contexts: the available units of one account (0 when it does not
 * exist), read without a lock, e.g. an order's optimistic pre-check before it
 * touches a book. With `atLeast`, fewer available units throw
 * INSUFFICIENT_BALANCE exactly as the ledger would. The locked posting that
 * follows decides for good.
 */
export class GetAvailableBalanceQuery extends Query<bigint> {
  constructor(
    readonly userId: string,
    readonly account: UserAccountKind,
    readonly asset: string,
    readonly atLeast?: bigint,
  ) {
    super();
  }
}

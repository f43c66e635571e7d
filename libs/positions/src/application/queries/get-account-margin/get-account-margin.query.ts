import { Query } from '@nestjs/cqrs';
import type { AccountMarginView } from '../../position-view';

/** The user's margin figures per settlement asset that has a MARGIN balance or an open position, by asset. */
export class GetAccountMarginQuery extends Query<AccountMarginView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

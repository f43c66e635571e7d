import { Query } from '@nestjs/cqrs';
import { PriceView } from '../../views';

/** GetMarkPriceQuery as decimal strings (for the API). */
export class GetPriceQuery extends Query<PriceView> {
  constructor(readonly symbol: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { FillPage } from '../../views';

/** The user's fills, newest first, by market or order. */
export class ListFillsQuery extends Query<FillPage> {
  constructor(
    readonly userId: string,
    readonly filter: { readonly symbol?: string; readonly orderId?: string; readonly cursor?: string; readonly limit: number },
  ) {
    super();
  }
}

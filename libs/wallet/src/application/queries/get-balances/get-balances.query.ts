import { Query } from '@nestjs/cqrs';
import { WalletView } from '../../views';

/** Every listed asset of both accounts, zeros included. */
export class GetBalancesQuery extends Query<WalletView> {
  constructor(readonly userId: string) {
    super();
  }
}

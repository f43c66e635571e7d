import { Query } from '@nestjs/cqrs';
import { WithdrawalStatus } from '../../../domain';
import { Page, WithdrawalView } from '../../views';

export class ListWithdrawalsQuery extends Query<Page<WithdrawalView>> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
    readonly status?: WithdrawalStatus,
  ) {
    super();
  }
}

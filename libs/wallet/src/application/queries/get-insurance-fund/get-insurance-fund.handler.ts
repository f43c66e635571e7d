import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SystemAccountKind } from '../../../domain';
import { WalletReadModel } from '../../ports';
import { GetInsuranceFundHistoryQuery, GetInsuranceFundQuery, InsuranceFundMovement } from './get-insurance-fund.query';

@QueryHandler(GetInsuranceFundQuery)
export class GetInsuranceFundHandler implements IQueryHandler<GetInsuranceFundQuery> {
  constructor(private readonly reads: WalletReadModel) {}

  execute(query: GetInsuranceFundQuery): Promise<ReadonlyMap<string, bigint>> {
    return this.reads.systemAvailable(SystemAccountKind.INSURANCE_FUND, query.assets);
  }
}

@QueryHandler(GetInsuranceFundHistoryQuery)
export class GetInsuranceFundHistoryHandler implements IQueryHandler<GetInsuranceFundHistoryQuery> {
  constructor(private readonly reads: WalletReadModel) {}

  execute(query: GetInsuranceFundHistoryQuery): Promise<InsuranceFundMovement[]> {
    return this.reads.systemHistory(SystemAccountKind.INSURANCE_FUND, query);
  }
}

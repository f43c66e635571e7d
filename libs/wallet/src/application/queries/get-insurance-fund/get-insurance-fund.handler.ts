import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SystemAccountKind, WalletError, WalletErrorCode } from '../../../domain';
import { decimal } from '../../amounts';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { GetInsuranceFundHistoryQuery, GetInsuranceFundQuery, GetInsuranceFundReportQuery, InsuranceFundMovement, InsuranceFundReport } from './get-insurance-fund.query';

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

@QueryHandler(GetInsuranceFundReportQuery)
export class GetInsuranceFundReportHandler implements IQueryHandler<GetInsuranceFundReportQuery> {
  constructor(
    private readonly reads: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(query: GetInsuranceFundReportQuery): Promise<InsuranceFundReport> {
    const all = await this.assets.all();
    const shown = query.asset === undefined ? all : [await this.assets.get(query.asset)];
    const decimals = new Map(all.map((a) => [a.code, a]));
    const balances = await this.reads.systemAvailable(SystemAccountKind.INSURANCE_FUND, shown.map((a) => a.code));
    const beforeId = query.cursor === undefined ? undefined : cursorId(query.cursor);
    const rows = await this.reads.systemHistory(SystemAccountKind.INSURANCE_FUND, { asset: query.asset, beforeId, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return {
      balances: shown.map((a) => ({ asset: a.code, balance: decimal(a, balances.get(a.code) ?? 0n) })),
      history: {
        items: page.map((r) => ({ id: r.id.toString(), transactionId: r.transactionId, type: r.type, asset: r.asset, amount: decimal(decimals.get(r.asset)!, r.amount), reference: r.reference, createdAt: r.createdAt.toISOString() })),
        nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
      },
    };
  }
}

function cursorId(cursor: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(cursor)) throw new WalletError(WalletErrorCode.INVALID_CURSOR, 'The cursor is not one this endpoint gave');
  return BigInt(cursor);
}

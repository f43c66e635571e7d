import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetBalancesQuery, UserAccountKind } from '@lib/wallet';
import { AccountMarginView, accountMarginView } from '../../position-view';
import { MarginAccounts } from '../margin-accounts';
import { GetAccountMarginQuery } from './get-account-margin.query';

@QueryHandler(GetAccountMarginQuery)
export class GetAccountMarginHandler implements IQueryHandler<GetAccountMarginQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly accounts: MarginAccounts,
  ) {}

  async execute({ userId }: GetAccountMarginQuery): Promise<AccountMarginView[]> {
    const [wallet, rows] = await Promise.all([this.queries.execute(new GetBalancesQuery(userId)), this.accounts.openRows(userId)]);
    const funded = (wallet.accounts.find((a) => a.account === UserAccountKind.MARGIN)?.balances ?? []).filter((b) => /[1-9]/.test(b.total)).map((b) => b.asset);
    const assets = [...new Set([...funded, ...rows.map((r) => r.asset)])].sort();
    const holdings = await Promise.all(rows.map((r) => this.accounts.holding(r)));
    return Promise.all(assets.map(async (asset) => accountMarginView(await this.accounts.account(userId, asset, holdings))));
  }
}

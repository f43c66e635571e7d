import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { accountOf } from '../../deciders';
import { MarketSpecs, OrderRepository } from '../../ports';
import { ListOpenOrderHoldsQuery, OrderHoldTotal } from './list-open-order-holds.query';

@QueryHandler(ListOpenOrderHoldsQuery)
export class ListOpenOrderHoldsHandler implements IQueryHandler<ListOpenOrderHoldsQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(): Promise<OrderHoldTotal[]> {
    // The rows first (the caller's snapshot), the catalog after: a market listed since the catalog was cached is looked up.
    const rows = await this.orders.openHolds();
    const specs = new Map((await this.specs.list()).map((s) => [s.symbol, s]));
    const totals = new Map<string, { userId: string; account: OrderHoldTotal['account']; asset: string; held: bigint; orders: number; symbols: Set<string> }>();
    for (const row of rows) {
      const account = accountOf(specs.get(row.symbol) ?? (await this.specs.get(row.symbol)));
      const key = `${row.userId}|${account}|${row.asset}`;
      const total = totals.get(key) ?? { userId: row.userId, account, asset: row.asset, held: 0n, orders: 0, symbols: new Set<string>() };
      total.held += row.held;
      total.orders += row.orders;
      total.symbols.add(row.symbol);
      totals.set(key, total);
    }
    return [...totals.values()].map((t) => ({ ...t, symbols: [...t.symbols].sort() }));
  }
}

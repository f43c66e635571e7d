import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ListOrdersQuery } from '@lib/orders';
import { PortfolioValuer } from '../../portfolio-valuer';
import { PriceBooks } from '../../price-book';
import { PortfolioSummaryView } from '../../views';
import { GetPortfolioSummaryQuery } from './get-portfolio-summary.query';

const ORDER_PAGE = 500;

@QueryHandler(GetPortfolioSummaryQuery)
export class GetPortfolioSummaryHandler implements IQueryHandler<GetPortfolioSummaryQuery> {
  constructor(
    private readonly valuer: PortfolioValuer,
    private readonly books: PriceBooks,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: GetPortfolioSummaryQuery): Promise<PortfolioSummaryView> {
    const [valuation, openOrders] = await Promise.all([this.books.load().then((book) => this.valuer.value(query.userId, book)), this.countOpenOrders(query.userId)]);
    const { view } = valuation;
    return {
      valuationCurrency: view.valuationCurrency,
      asOf: view.asOf,
      ...view.totals,
      counts: { assetsHeld: view.holdings.length, openOrders, fills: valuation.fills },
    };
  }

  /** The orders context has no count query: page through the open orders. */
  private async countOpenOrders(userId: string): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await this.queries.execute(new ListOrdersQuery(userId, { open: true, cursor, limit: ORDER_PAGE }));
      count += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return count;
  }
}

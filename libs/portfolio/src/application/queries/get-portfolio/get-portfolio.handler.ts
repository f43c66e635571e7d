import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PortfolioValuer } from '../../portfolio-valuer';
import { PriceBooks } from '../../price-book';
import { PortfolioView } from '../../views';
import { GetPortfolioQuery } from './get-portfolio.query';

@QueryHandler(GetPortfolioQuery)
export class GetPortfolioHandler implements IQueryHandler<GetPortfolioQuery> {
  constructor(
    private readonly valuer: PortfolioValuer,
    private readonly books: PriceBooks,
  ) {}

  async execute(query: GetPortfolioQuery): Promise<PortfolioView> {
    return (await this.valuer.value(query.userId, await this.books.load())).view;
  }
}

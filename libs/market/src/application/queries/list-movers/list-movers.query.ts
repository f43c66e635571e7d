import { Query } from '@nestjs/cqrs';
import { MarketView } from '../../views';

export enum MoverRanking {
  /** Largest absolute 24 h change first (volume joins the ranking when trading exists). */
  TRENDING = 'TRENDING',
  /** Highest 24 h change first, rises only. */
  GAINERS = 'GAINERS',
  /** Lowest 24 h change first, falls only. */
  LOSERS = 'LOSERS',
}

/** Markets ranked by their 24 h change; markets without a price yet are left out. */
export class ListMoversQuery extends Query<MarketView[]> {
  constructor(
    readonly ranking: MoverRanking,
    readonly limit: number,
  ) {
    super();
  }
}

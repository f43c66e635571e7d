import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketSpecs, termsOf } from '@lib/orders';
import { Holding, PositionRecord, PositionRepository } from '@lib/positions';
import { adlRanks } from './adl-ranks';
import { GetAdlRanksQuery } from './get-adl-ranks.query';

/** How long a market's ranks are reused: they change with every mark tick and trade, and are shown, not acted on. */
const FRESH_MS = 2000;

@QueryHandler(GetAdlRanksQuery)
export class GetAdlRanksHandler implements IQueryHandler<GetAdlRanksQuery> {
  private readonly cache = new Map<string, { at: number; ranks: Promise<Map<string, number>> }>();

  constructor(
    private readonly positions: PositionRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: GetAdlRanksQuery): Promise<ReadonlyMap<string, number>> {
    const mine = (await this.positions.ofUsers([query.userId])).get(query.userId) ?? [];
    const out = new Map<string, number>();
    for (const record of mine) {
      if (record.position.size === 0n) continue;
      const rank = (await this.ranksOf(record.symbol)).get(query.userId);
      if (rank !== undefined) out.set(record.symbol, rank);
    }
    return out;
  }

  private ranksOf(symbol: string): Promise<Map<string, number>> {
    const cached = this.cache.get(symbol);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.ranks;
    const ranks = this.compute(symbol);
    this.cache.set(symbol, { at: Date.now(), ranks });
    ranks.catch(() => this.cache.delete(symbol));
    return ranks;
  }

  private async compute(symbol: string): Promise<Map<string, number>> {
    const spec = await this.specs.get(symbol);
    const mark = await this.specs.markPrice(spec);
    if (mark === null) return new Map();
    const rows: readonly PositionRecord[] = await this.positions.ofMarket(symbol);
    const holdings: Holding[] = rows.filter((r) => r.position.size !== 0n).map((record) => ({ record, terms: termsOf(spec), mark }));
    return adlRanks(holdings);
  }
}

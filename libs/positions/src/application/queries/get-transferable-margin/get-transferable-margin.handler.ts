import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetInstrumentQuery, GetMarkPriceQuery, Instrument } from '@lib/market';
import { GetTransferableMarginQuery } from '@lib/wallet';
import { Holding, PerpTerms, PositionRecord, transferableMargin } from '../../../domain';
import { PositionRepository } from '../../ports';

/** What the margin arithmetic needs of a listed perpetual. */
export function perpTermsOf(instrument: Instrument): PerpTerms {
  return {
    symbol: instrument.symbol,
    quoteDecimals: instrument.quoteDecimals,
    priceScale: instrument.priceScale,
    quantityScale: instrument.quantityScale,
    tickSize: instrument.tickSize,
    maxLeverage: instrument.maxLeverage,
    tiers: instrument.maintenanceMarginTiers,
  };
}

/**
 * The wallet's question before a transfer out of MARGIN: the account's
 * AVAILABLE in the asset (as the wallet read it), less what the user's cross positions settled in it
 * need (their unrealized losses and initial margin at the mark), never
 * counting unrealized profit (transferableMargin, docs/positions.md). Read
 * without a lock: the transfer's posting still cannot take more than AVAILABLE.
 */
@QueryHandler(GetTransferableMarginQuery)
export class GetTransferableMarginHandler implements IQueryHandler<GetTransferableMarginQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly positions: PositionRepository,
  ) {}

  async execute(query: GetTransferableMarginQuery): Promise<bigint> {
    const rows = await this.positions.ofUsers([query.userId]);
    // Only open cross positions of this asset count: an isolated one's margin is already LOCKED, out of AVAILABLE
    // (and a market without a mark price that only isolated positions hold does not block a transfer).
    const counted = (rows.get(query.userId) ?? []).filter((r) => r.asset === query.asset && r.position.size !== 0n && r.marginMode === 'CROSS');
    const holdings = await Promise.all(counted.map((record) => this.holding(record)));
    return transferableMargin(query.available, holdings);
  }

  private async holding(record: PositionRecord): Promise<Holding> {
    const [instrument, price] = await Promise.all([this.queries.execute(new GetInstrumentQuery(record.symbol)), this.queries.execute(new GetMarkPriceQuery(record.symbol))]);
    return { record, terms: perpTermsOf(instrument), mark: price.mark };
  }
}

import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Instrument, InstrumentKind, ListInstrumentsQuery, MarketStatus } from '@lib/market';

/** The perpetual markets, from the market context. */
@Injectable()
export class PerpetualMarkets {
  constructor(private readonly queries: QueryBus) {}

  /** Every perpetual market; `trading`: only those TRADING (premium samples: a halted book says nothing). */
  async list(options: { trading?: boolean } = {}): Promise<Instrument[]> {
    const all = await this.queries.execute(new ListInstrumentsQuery());
    return all.filter((m) => m.kind === InstrumentKind.PERPETUAL && (!options.trading || m.status === MarketStatus.TRADING));
  }
}

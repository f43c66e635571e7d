import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetMarkPriceQuery, Instrument, InstrumentKind, ListInstrumentsQuery, MarketError, MarketErrorCode } from '@lib/market';

/**
 * The market context as the bots see it: the spot and perpetual instruments (integers) and their mark prices. An
 * Instrument is the kernel's InstrumentSpec plus the listing's other terms, so it is a LadderMarket as is.
 */
@Injectable()
export class LiquidityMarkets {
  constructor(private readonly queries: QueryBus) {}

  /** The spot and the perpetual markets (the bots quote and trade both). */
  async tradable(): Promise<readonly Instrument[]> {
    return (await this.queries.execute(new ListInstrumentsQuery())).filter((i) => i.kind === InstrumentKind.SPOT || i.kind === InstrumentKind.PERPETUAL);
  }

  /** The mark in the market's price units, or null before the feed has priced it. */
  async mark(instrument: Instrument): Promise<bigint | null> {
    try {
      const mark = await this.queries.execute(new GetMarkPriceQuery(instrument.symbol));
      return mark.priceScale === instrument.priceScale ? mark.mark : null;
    } catch (error) {
      if (error instanceof MarketError && error.code === MarketErrorCode.MARK_PRICE_UNAVAILABLE) return null;
      throw error;
    }
  }
}

/** Whole units of an asset -> smallest units. */
export function wholeUnits(amount: bigint, decimals: number): bigint {
  return amount * 10n ** BigInt(decimals);
}

import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { GetMarkPriceQuery, Instrument, InstrumentKind, ListInstrumentsQuery, MarketError, MarketErrorCode, MarkPrice } from '@lib/market';
import { CASH_PRICE, PRICING_QUOTES, UnitPrice, isCash } from '../domain';

/** How one asset is valued right now. */
export interface AssetPrice {
  /** null for cash. */
  readonly symbol: string | null;
  readonly price: UnitPrice;
  readonly at: Date | null;
}

/**
 * The marks of one moment: every asset that has a `<ASSET>-USDT` (else
 * `<ASSET>-USD`) spot market is priced at that market's mark; USDT and USD
 * are 1. Loaded once per request or snapshot run, so one response uses one
 * mark per asset throughout.
 */
export class PriceBook {
  private readonly bySymbol: ReadonlyMap<string, Instrument>;

  constructor(
    instruments: readonly Instrument[],
    private readonly prices: ReadonlyMap<string, AssetPrice>,
  ) {
    this.bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  }

  instrument(symbol: string): Instrument | undefined {
    return this.bySymbol.get(symbol);
  }

  /** undefined when nothing prices the asset (no market, or no mark yet). */
  priceOf(asset: string): AssetPrice | undefined {
    return isCash(asset) ? { symbol: null, price: CASH_PRICE, at: null } : this.prices.get(asset);
  }

  /** The mark as the market shows it ("95000.3"), or "1" for cash. */
  static markText(price: AssetPrice): string {
    return formatUnits(price.price.units, price.price.scale);
  }
}

@Injectable()
export class PriceBooks {
  constructor(private readonly queries: QueryBus) {}

  async load(): Promise<PriceBook> {
    const instruments = await this.queries.execute(new ListInstrumentsQuery());
    const spot = new Map(instruments.filter((i) => i.kind === InstrumentKind.SPOT).map((i) => [i.symbol, i]));
    const prices = new Map<string, AssetPrice>();
    for (const i of spot.values()) {
      if (prices.has(i.base) || isCash(i.base)) continue;
      const market = PRICING_QUOTES.map((quote) => spot.get(`${i.base}-${quote}`)).find((m) => m !== undefined);
      if (!market) continue;
      const mark = await this.mark(market.symbol);
      if (mark) prices.set(i.base, { symbol: market.symbol, price: { units: mark.mark, scale: mark.priceScale }, at: mark.at });
    }
    return new PriceBook(instruments, prices);
  }

  private async mark(symbol: string): Promise<MarkPrice | undefined> {
    try {
      return await this.queries.execute(new GetMarkPriceQuery(symbol));
    } catch (error) {
      if (error instanceof MarketError && (error.code === MarketErrorCode.MARK_PRICE_UNAVAILABLE || error.code === MarketErrorCode.MARKET_NOT_FOUND)) return undefined;
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DayStats, MarkPrice, withPrice } from '../domain';

/**
 * The latest index/mark price and 24 h statistics of every market, in memory.
 * The feed leader writes it on every tick; the other instances refresh it
 * from the database (see PriceBoardRefresher). Reads never touch the database.
 */
@Injectable()
export class PriceBoard {
  private readonly prices = new Map<string, MarkPrice>();
  private stats = new Map<string, DayStats>();
  /** The last trade price per market (a decimal string at the market's price scale), from the orders context's trades. */
  private readonly lastTrades = new Map<string, { price: string; id: bigint }>();

  lastTrade(symbol: string): string | null {
    return this.lastTrades.get(symbol)?.price ?? null;
  }

  /** Keeps the trade with the highest id: trades may be relayed out of order. */
  recordTrade(symbol: string, price: string, id: bigint): void {
    const known = this.lastTrades.get(symbol);
    if (!known || known.id < id) this.lastTrades.set(symbol, { price, id });
  }

  price(symbol: string): MarkPrice | undefined {
    return this.prices.get(symbol);
  }

  dayStats(symbol: string): DayStats | undefined {
    return this.stats.get(symbol);
  }

  all(): ReadonlyMap<string, MarkPrice> {
    return this.prices;
  }

  /** Keeps the newer of the known and the given price of each market (by seq). */
  update(prices: Iterable<MarkPrice>): void {
    for (const price of prices) {
      const known = this.prices.get(price.symbol);
      if (known && known.seq >= price.seq) continue;
      this.prices.set(price.symbol, price);
      this.stats.set(price.symbol, withPrice(this.stats.get(price.symbol), price.mark));
    }
  }

  /** Replaces the 24 h statistics (a periodic reload from the stored candles), folding in the latest prices. */
  replaceDayStats(stats: Map<string, DayStats>): void {
    for (const [symbol, price] of this.prices) stats.set(symbol, withPrice(stats.get(symbol), price.mark));
    this.stats = stats;
  }
}

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

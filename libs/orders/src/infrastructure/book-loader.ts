import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MarketTurns } from '../application/turns';
import { OrderBooks } from '../application/order-books';
import { MarketSpecs, OrderRepository } from '../application/ports';

/**
 * On boot, every market with open orders gets its book rebuilt from the
 * database, at the market's current version, so the first command finds it
 * current (no second rebuild) and a broken market is logged at once. A market
 * that cannot be rebuilt (data no history can produce) does not stop the boot:
 * the others trade, and its commands keep failing until it is repaired.
 */
@Injectable()
export class BookLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(BookLoader.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly books: OrderBooks,
    private readonly turns: MarketTurns,
    private readonly specs: MarketSpecs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const symbol of await this.orders.marketsWithOpenOrders()) {
      try {
        const book = await this.turns.quietly(await this.specs.get(symbol), () => this.books.current(symbol));
        this.logger.log(`${symbol}: book rebuilt with ${book.size} open orders`);
      } catch (error) {
        this.logger.error(`${symbol}: the book could not be rebuilt from the open orders: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MarketSequencer } from '../application/market-sequencer';
import { OrderBooks } from '../application/order-books';
import { OrderRepository } from '../application/ports';

/** On boot, every market with open orders gets its book rebuilt from the database before the first command. */
@Injectable()
export class BookLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(BookLoader.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly books: OrderBooks,
    private readonly sequencer: MarketSequencer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const symbols = await this.orders.marketsWithOpenOrders();
    for (const symbol of symbols) {
      const book = await this.sequencer.run(symbol, () => this.books.get(symbol));
      this.logger.log(`${symbol}: book rebuilt with ${book.size} open orders`);
    }
  }
}

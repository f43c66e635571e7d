import { Injectable } from '@nestjs/common';
import { AppConfig, TransactionHost } from '@lib/platform';
import { OrderBook, OrdersError, OrdersErrorCode } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { OrderBooks } from './order-books';
import { OrderRepository } from './ports';

/** A command's view of its market: the current book. Set `bookChanged` before changing it, so a failure drops it. */
export interface Turn {
  readonly book: OrderBook;
  bookChanged: boolean;
  /** The open orders of `countOpenOf` across markets, when asked for. */
  readonly openOrders: number | null;
}

/**
 * A market's turn: the sequencer's slot (one command at a time in this
 * process), one transaction whose first statement bumps the market's version
 * (one command at a time across instances, and the check that the cached
 * book saw every change), and the book. If the transaction fails after the
 * book changed, the book is dropped and rebuilt by the next turn, so memory
 * never holds what did not commit.
 */
@Injectable()
export class MarketTurns {
  constructor(
    private readonly sequencer: MarketSequencer,
    private readonly books: OrderBooks,
    private readonly orders: OrderRepository,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
  ) {}

  /**
   * Backpressure: refuses at once (503 MARKET_BUSY, retry after a second) when
   * the market already has ORDERS_MAX_QUEUED_PER_MARKET commands waiting,
   * instead of letting latency grow without bound. Callers may check early,
   * before their own reads, so overload is cheap to refuse; run() checks too.
   */
  assertNotBusy(symbol: string): void {
    if (this.sequencer.queued(symbol) >= this.config.orders.maxQueuedPerMarket) {
      throw new OrdersError(OrdersErrorCode.MARKET_BUSY, `${symbol} has too many commands waiting; retry shortly`, { symbol, retryAfterSeconds: 1 });
    }
  }

  run<T>(symbol: string, work: (turn: Turn) => Promise<T>, options: { countOpenOf?: string } = {}): Promise<T> {
    try {
      this.assertNotBusy(symbol);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sequencer.run(symbol, () => this.turn(symbol, work, options));
  }

  private async turn<T>(symbol: string, work: (turn: Turn) => Promise<T>, options: { countOpenOf?: string }): Promise<T> {
    let version: bigint | undefined;
    let turn: Turn | undefined;
    try {
      return await this.tx.withTransaction(async () => {
        const bumped = await this.orders.bumpMarketVersion(symbol, options.countOpenOf);
        version = bumped.version;
        turn = { book: await this.books.inTurn(symbol, version), bookChanged: false, openOrders: bumped.openOrders };
        return work(turn);
      });
    } catch (error) {
      if (turn?.bookChanged) this.books.forget(symbol);
      else if (version !== undefined) this.books.rollBack(symbol, version);
      throw error;
    }
  }
}

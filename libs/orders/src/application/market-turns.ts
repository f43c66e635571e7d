import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@lib/platform';
import { OrderBook } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { OrderBooks } from './order-books';
import { OrderRepository } from './ports';

/** A command's view of its market: the current book. Set `bookChanged` before changing it, so a failure drops it. */
export interface Turn {
  readonly book: OrderBook;
  bookChanged: boolean;
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
  ) {}

  run<T>(symbol: string, work: (turn: Turn) => Promise<T>): Promise<T> {
    return this.sequencer.run(symbol, async () => {
      let version: bigint | undefined;
      let turn: Turn | undefined;
      try {
        return await this.tx.withTransaction(async () => {
          version = await this.orders.bumpMarketVersion(symbol);
          turn = { book: await this.books.inTurn(symbol, version), bookChanged: false };
          return work(turn);
        });
      } catch (error) {
        if (turn?.bookChanged) this.books.forget(symbol);
        else if (version !== undefined) this.books.rollBack(symbol, version);
        throw error;
      }
    });
  }
}

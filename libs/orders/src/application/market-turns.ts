import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@lib/platform';
import { OrderBook } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { OrderBooks } from './order-books';

/** Marks the book as changed by this turn (so a failure reloads it). */
export interface Turn {
  readonly book: OrderBook;
  bookChanged: boolean;
}

/**
 * A market's turn: the sequencer's slot, one transaction, and the book. If
 * the transaction fails after the book changed, the book is rebuilt from the
 * database before the next turn starts, so memory never holds what did not commit.
 */
@Injectable()
export class MarketTurns {
  constructor(
    private readonly sequencer: MarketSequencer,
    private readonly books: OrderBooks,
    private readonly tx: TransactionHost,
  ) {}

  run<T>(symbol: string, work: (turn: Turn) => Promise<T>): Promise<T> {
    return this.sequencer.run(symbol, async () => {
      const turn: Turn = { book: await this.books.get(symbol), bookChanged: false };
      try {
        return await this.tx.withTransaction(() => work(turn));
      } catch (error) {
        if (turn.bookChanged) await this.books.reload(symbol);
        throw error;
      }
    });
  }
}

import { Injectable } from '@nestjs/common';
import { OrderBook, OrderSide, TimeInForce } from '../domain';
import { OrderRepository } from './ports';

/**
 * The in-memory books, a cache of the open orders in the database. A book is
 * loaded on first use (and for every market with open orders at boot), and
 * reloaded after a transaction that changed it failed. Callers hold the
 * market's sequencer turn: a book is never touched by two commands at once.
 */
@Injectable()
export class OrderBooks {
  private readonly books = new Map<string, OrderBook>();

  constructor(private readonly orders: OrderRepository) {}

  async get(symbol: string): Promise<OrderBook> {
    return this.books.get(symbol) ?? this.reload(symbol);
  }

  /** The loaded book, if any: for reads that must not touch the database (depth, streams). */
  peek(symbol: string): OrderBook | undefined {
    return this.books.get(symbol);
  }

  async reload(symbol: string): Promise<OrderBook> {
    const open = await this.orders.openInMarket(symbol);
    const book = this.books.get(symbol) ?? new OrderBook(symbol);
    book.load(
      open.map((o) => ({
        id: o.id,
        ownerId: o.userId,
        side: o.side as OrderSide,
        price: o.price!,
        quantity: o.quantity,
        filled: o.filledQuantity,
        timeInForce: o.timeInForce as TimeInForce,
        sequence: o.priority,
      })),
    );
    this.books.set(symbol, book);
    return book;
  }

  forget(symbol: string): void {
    this.books.delete(symbol);
  }
}

export * from './order-book.types';
export { OrderBookError, OrderBookErrorCode } from './order-book.error';
export { OrderBook } from './order-book';
export type { OrderBookOptions } from './order-book';

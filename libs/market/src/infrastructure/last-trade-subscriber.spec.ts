import { IntegrationEventHandler, OutboxRelay } from '@lib/platform';
import { PriceBoard } from '../application/price-board';
import { LastTradeSubscriber } from './last-trade-subscriber';

/** The subscriber on a fake relay: the orders context's trades of both versions set the last trade price. */
describe('LastTradeSubscriber', () => {
  let handler: IntegrationEventHandler<'orders.TradeExecuted'>;
  let board: PriceBoard;
  const envelope = { type: 'orders.TradeExecuted', eventId: 'e', occurredAt: '2026-12-06T10:00:00.000Z' } as const;

  beforeEach(() => {
    const relay = {
      subscribe: (type: string, h: IntegrationEventHandler<'orders.TradeExecuted'>) => {
        expect(type).toBe('orders.TradeExecuted');
        handler = h;
        return () => undefined;
      },
    } as unknown as OutboxRelay;
    board = new PriceBoard();
    new LastTradeSubscriber(relay, board).onModuleInit();
  });

  it('formats a version 2 price at its scale, and keeps the trade with the highest id', async () => {
    const trade = { version: 2, symbol: 'BTC-USDT', takerSide: 'BUY', quantity: '1000', quote: '650001200', priceScale: 2, quantityScale: 5, quoteScale: 6, executedAt: '' } as const;
    await handler({ ...envelope, payload: { ...trade, tradeId: '12', price: '6500012' } });
    await handler({ ...envelope, payload: { ...trade, tradeId: '11', price: '6400000' } });
    expect(board.lastTrade('BTC-USDT')).toBe('65000.12');
  });

  it('takes the decimal price of a version 1 trade (no version) as it is', async () => {
    const trade = { id: '5', symbol: 'ETH-USDT', price: '3400.37', quantity: '0.1000', quote: '340.037000', takerSide: 'SELL', time: '' };
    await handler({ ...envelope, payload: { trade } });
    expect(board.lastTrade('ETH-USDT')).toBe('3400.37');
  });
});

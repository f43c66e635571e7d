import { Injectable, OnModuleInit } from '@nestjs/common';
import { formatUnits } from '@lib/kernel';
import { OutboxRelay } from '@lib/platform';
import { PriceBoard } from '../application/price-board';

/**
 * The orders context's public trade events keep the last trade price of each
 * market on this instance's price board: market lists, tickers and the
 * /prices stream show it. Every instance receives every relayed event.
 *
 * The market context does not depend on orders (orders depends on it), so it
 * names the event by its outbox type; its payload type is the orders
 * context's contract, declared in the shared IntegrationEventMap.
 */
@Injectable()
export class LastTradeSubscriber implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly board: PriceBoard,
  ) {}

  onModuleInit(): void {
    this.relay.subscribe('orders.TradeExecuted', ({ payload }) => {
      // Version 1 (no `version`) embedded the REST view with the price as a decimal string.
      if (payload.version === undefined) this.board.recordTrade(payload.trade.symbol, payload.trade.price, BigInt(payload.trade.id));
      else this.board.recordTrade(payload.symbol, formatUnits(BigInt(payload.price), payload.priceScale), BigInt(payload.tradeId));
    });
  }
}

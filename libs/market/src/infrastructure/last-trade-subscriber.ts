import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '@lib/platform';
import { PriceBoard } from '../application/price-board';

/**
 * The orders context's public trade events (`orders.TradeExecuted`, by name:
 * the market context does not depend on orders) keep the last trade price of
 * each market on this instance's price board: market lists, tickers and the
 * /prices stream show it. Every instance receives every relayed event.
 */
export const TRADE_EXECUTED_EVENT = 'orders.TradeExecuted';

@Injectable()
export class LastTradeSubscriber implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly board: PriceBoard,
  ) {}

  onModuleInit(): void {
    this.relay.subscribe(TRADE_EXECUTED_EVENT, (event) => {
      const trade = (event.payload as { trade?: { id?: unknown; symbol?: unknown; price?: unknown } }).trade;
      if (typeof trade?.symbol !== 'string' || typeof trade.price !== 'string' || typeof trade.id !== 'string' || !/^[0-9]{1,19}$/.test(trade.id)) return;
      this.board.recordTrade(trade.symbol, trade.price, BigInt(trade.id));
    });
  }
}

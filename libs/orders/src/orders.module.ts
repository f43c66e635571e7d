import { Module } from '@nestjs/common';
import { PositionsModule } from '@lib/positions';
import { AmendOrderHandler } from './application/commands/amend-order/amend-order.handler';
import { CancelAllOrdersHandler } from './application/commands/cancel-all-orders/cancel-all-orders.handler';
import { CancelOrderHandler } from './application/commands/cancel-order/cancel-order.handler';
import { ResumeTradingHandler } from './application/commands/resume-trading/resume-trading.handler';
import { SuspendTradingHandler } from './application/commands/suspend-trading/suspend-trading.handler';
import { PlaceOrderHandler } from './application/commands/place-order/place-order.handler';
import { ForceCancelOrdersHandler } from './application/commands/force-cancel-orders/force-cancel-orders.handler';
import { ForceClosePositionsHandler } from './application/commands/force-close-positions/force-close-positions.handler';
import { GetOrdersActivityHandler } from './application/queries/get-orders-activity/get-orders-activity.handler';
import { ChangeLeverageHandler, ChangeMarginModeHandler, MoveIsolatedMarginHandler } from './application/commands/position-settings/position-settings.handlers';
import { BookSnapshots } from './application/book-snapshots';
import { CountdownRepository } from './application/countdown/countdown';
import { CountdownLoop } from './application/countdown/countdown-loop';
import { SetCountdownHandler } from './application/countdown/set-countdown.handler';
import { MarketSequencer } from './application/market-sequencer';
import { BatchRunner, DecisionWriter, MarketTurns } from './application/turns';
import { PerpReads } from './application/turns/perp-reads';
import { OrderBooks } from './application/order-books';
import { SuspendedTraders } from './application/suspended-traders';
import { MarketSpecs, OrderRepository } from './application/ports';
import { GetOrderBookHandler } from './application/queries/get-order-book/get-order-book.handler';
import { GetOrderHandler } from './application/queries/get-order/get-order.handler';
import { ListOpenOrderHoldsHandler } from './application/queries/list-open-order-holds/list-open-order-holds.handler';
import { GetTradeCandlesHandler } from './application/queries/get-trade-candles/get-trade-candles.handler';
import { GetTradeTickersHandler } from './application/queries/get-trade-tickers/get-trade-tickers.handler';
import { ListFillsHandler } from './application/queries/list-fills/list-fills.handler';
import { ListOrdersHandler } from './application/queries/list-orders/list-orders.handler';
import { ListTradesHandler } from './application/queries/list-trades/list-trades.handler';
import { PreviewOrderHandler } from './application/queries/preview-order/preview-order.handler';
import { QueryBusMarketSpecs } from './infrastructure/adapters/market-specs.adapter';
import { AccountStatusSubscriber } from './infrastructure/account-status-subscriber';
import { BookLoader } from './infrastructure/book-loader';
import { SqlOrderRepository } from './infrastructure/repositories/sql-order.repository';
import { SqlCountdownRepository } from './infrastructure/repositories/sql-countdown.repository';
import { BotOrderArchive } from './infrastructure/retention/bot-order-archive';
import { TriggerMonitor } from './application/triggers/trigger-monitor';
import { TriggerWakeup } from './infrastructure/trigger-wakeup';
import { OrdersMetrics } from './infrastructure/orders-metrics';
import { ListFollower } from './application/lists/list-follower';
import { ListCloser } from './application/lists/list-closer';
import { PlaceOrderListHandler } from './application/lists/place-order-list.handler';
import { CancelOrderListHandler, GetOrderListHandler } from './application/lists/order-list.queries';
import { OrderListRepository } from './application/ports/order-list.repository.port';
import { SqlOrderListRepository } from './infrastructure/repositories/sql-order-list.repository';

const handlers = [
  PlaceOrderHandler,
  ChangeLeverageHandler,
  ChangeMarginModeHandler,
  MoveIsolatedMarginHandler,
  CancelOrderHandler,
  CancelAllOrdersHandler,
  AmendOrderHandler,
  SuspendTradingHandler,
  ResumeTradingHandler,
  GetOrderHandler,
  ListOpenOrderHoldsHandler,
  ListOrdersHandler,
  ListFillsHandler,
  ListTradesHandler,
  GetOrderBookHandler,
  GetTradeCandlesHandler,
  GetTradeTickersHandler,
  PreviewOrderHandler,
  SetCountdownHandler,
  PlaceOrderListHandler,
  GetOrderListHandler,
  CancelOrderListHandler,
  ForceCancelOrdersHandler,
  ForceClosePositionsHandler,
  GetOrdersActivityHandler,
];

/** Spot orders: the books, the sequencer per market, placement, cancel, amend, settlement, trades. */
@Module({
  imports: [PositionsModule],
  providers: [
    PerpReads,
    ...handlers,
    MarketSequencer,
    MarketTurns,
    OrderBooks,
    BookSnapshots,
    BatchRunner,
    DecisionWriter,
    SuspendedTraders,
    AccountStatusSubscriber,
    BookLoader,
    BotOrderArchive,
    TriggerMonitor,
    TriggerWakeup,
    OrdersMetrics,
    ListFollower,
    ListCloser,
    { provide: OrderListRepository, useClass: SqlOrderListRepository },
    CountdownLoop,
    { provide: CountdownRepository, useClass: SqlCountdownRepository },
    { provide: OrderRepository, useClass: SqlOrderRepository },
    { provide: MarketSpecs, useClass: QueryBusMarketSpecs },
  ],
  exports: [OrderBooks, MarketTurns, MarketSpecs, TriggerMonitor],
})
export class OrdersModule {}

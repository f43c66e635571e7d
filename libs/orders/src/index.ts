// The public face of the orders context.
export { OrdersModule } from './orders.module';
export { PlaceOrderCommand, type PlaceOrderInput } from './application/commands/place-order/place-order.command';
export { CancelOrderCommand } from './application/commands/cancel-order/cancel-order.command';
export { CancelAllOrdersCommand } from './application/commands/cancel-all-orders/cancel-all-orders.command';
export { SuspendTradingCommand } from './application/commands/suspend-trading/suspend-trading.command';
export { ResumeTradingCommand } from './application/commands/resume-trading/resume-trading.command';
export { ACCOUNT_SUSPENDED_REASON } from './application/suspended-traders';
export { SetCountdownCommand } from './application/countdown/set-countdown.command';
export { COUNTDOWN_MIN_MS, COUNTDOWN_MAX_MS, COUNTDOWN_EXPIRED_REASON, isCountdownMs, type CountdownView } from './application/countdown/countdown';
export { CountdownLoop, COUNTDOWN_LEASE } from './application/countdown/countdown-loop';
export { AmendOrderCommand } from './application/commands/amend-order/amend-order.command';
export { GetOrderQuery } from './application/queries/get-order/get-order.query';
export { ListOrdersQuery } from './application/queries/list-orders/list-orders.query';
export { ListFillsQuery } from './application/queries/list-fills/list-fills.query';
export { ListTradesQuery } from './application/queries/list-trades/list-trades.query';
export { PreviewOrderQuery } from './application/queries/preview-order/preview-order.query';
export { GetOrderBookQuery } from './application/queries/get-order-book/get-order-book.query';
export { GetTradeCandlesQuery, CANDLE_INTERVALS as TRADE_CANDLE_INTERVALS, type CandleInterval as TradeCandleInterval } from './application/queries/get-trade-candles/get-trade-candles.query';
export { GetTradeTickersQuery } from './application/queries/get-trade-tickers/get-trade-tickers.query';
export * from './application/event-contracts';
export { orderUpdatedEvent, tradeEvents, bookChangedEvents } from './application/events';
export { orderViewOf, fillViewOf, tradeViewOf, bookChangeViewOf, fillCreatedV2 } from './application/event-views';
export type * from './application/views';
export { OrderType, OrderStatus, TimeInForce, OrderSide, OrdersError, OrdersErrorCode, OrderBookError, OrderBookErrorCode } from './domain';
// The pure engine, for benchmarks and tests.
export * from './domain/engine';
export { ORDERS_ENTITIES, ORDERS_MIGRATIONS } from './infrastructure/schema';
export { ChangeLeverageCommand, ChangeMarginModeCommand, MoveIsolatedMarginCommand, type PositionSettingsView } from './application/commands/position-settings/position-settings.commands';
// The turn protocol and the decider toolkit, for the deciders other contexts run in a market's turn (risk: funding, liquidation).
export { MarketTurns, answerOf, refused, type Accepted, type Decision, type Facts, type MarketView, type Needs, type PassRecord, type Refused, type TurnCommand, type TurnResult } from './application/turns';
export { placeOnBook, settlePass, releaseOf, type PlaceOrder, type PlaceAnswer, type SettledPass } from './application/deciders';
export { followPositions } from './application/deciders/follow-position';
export { followLists } from './application/deciders/follow-lists';
export { bankruptcyBound, beyondBound, perpHold } from './application/deciders/perp-holds';
export { termsOf } from './application/turns/perp-positions';
export { MarketSpecs, PreTradeRisk, type PreTradeOrder } from './application/ports';
export { toOrderView, toFillView } from './application/order-view';
export { Order, protectionPrice, assertInBand, marketRefusal, type MarketSpec } from './domain';
// Auto-deleveraging (risk): fills made outside the book, settled as any pass.
export { PerpFills } from './application/deciders/perp-fills';
export { Liquidity } from './domain';
export { ConditionalType, TriggerBy, TriggerKind, API_ORDER_TYPES, TriggerIndex, type ApiOrderType, type WatchedOrder, type OrderTrigger } from './domain';
export { TriggerMonitor, TRIGGER_LEASE } from './application/triggers/trigger-monitor';
export { PlaceOrderListCommand, type PlaceOrderListInput, type ListOrderInput } from './application/lists/place-order-list.command';
export { GetOrderListQuery, CancelOrderListCommand } from './application/lists/order-list.queries';
export { ORDER_LIST_UPDATED, type OrderListUpdatedV1, type OrderListView } from './application/lists/order-list';
export { ListFollower } from './application/lists/list-follower';
export { ListKind, ListRole, ListStatus } from './domain';

/**
 * Readable operationIds (`placeOrder`, not `OrdersController_place_v1`): what
 * generated clients name their methods. Keyed by `Controller.method`.
 *
 * A route missing here gets `<method><Controller without the suffix>` (e.g.
 * `suspendAdminUsers`), readable and unique; give a new route its id here or
 * with `@ApiOperation({ operationId })`, which wins over both.
 */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'AuthController.register': 'register',
  'AuthController.login': 'logIn',
  'AuthController.refresh': 'refreshSession',
  'AuthController.logout': 'logOut',
  'AuthController.me': 'getMe',
  'AuthController.updateMe': 'updateMe',
  'AuthController.changePassword': 'changePassword',
  'AdminUsersController.list': 'listUsers',
  'AdminUsersController.get': 'getUser',
  'AdminUsersController.suspend': 'suspendUser',
  'AdminUsersController.reactivate': 'reactivateUser',
  'WalletController.balances': 'getWallet',
  'WalletController.history': 'listLedgerEntries',
  'WalletController.withdrawals': 'listWithdrawals',
  'WalletController.asset': 'getAssetBalance',
  'WalletController.deposit': 'deposit',
  'WalletController.withdraw': 'requestWithdrawal',
  'WalletController.cancel': 'cancelWithdrawal',
  'WalletController.transfer': 'transfer',
  'AdminWalletController.adjust': 'adjustBalance',
  'AdminWalletController.reconcile': 'reconcileLedger',
  'MarketTradingController.tickers': 'listTickers24h',
  'MarketTradingController.trades': 'listTrades',
  'MarketTradingController.orderBook': 'getOrderBook',
  'MarketTradingController.ticker': 'getTicker24h',
  'MarketsController.list': 'listMarkets',
  'MarketsController.search': 'searchMarkets',
  'MarketsController.trending': 'listTrendingMarkets',
  'MarketsController.gainers': 'listGainers',
  'MarketsController.losers': 'listLosers',
  'MarketsController.get': 'getMarket',
  'MarketsController.markPrice': 'getMarkPrice',
  'MarketsController.klines': 'getKlines',
  'FundingController.funding': 'getFunding',
  'AdminMarketsController.create': 'createMarket',
  'AdminMarketsController.update': 'updateMarket',
  'AdminMarketsController.audit': 'listMarketAudit',
  'AdminMarketsController.feed': 'getFeedStatus',
  'OrdersController.place': 'placeOrder',
  'OrdersController.preview': 'previewOrder',
  'OrdersController.open': 'listOpenOrders',
  'OrdersController.history': 'listOrderHistory',
  'OrdersController.get': 'getOrder',
  'OrdersController.amend': 'amendOrder',
  'OrdersController.cancel': 'cancelOrder',
  'OrdersController.cancelAll': 'cancelAllOrders',
  'OrdersController.fills': 'listFills',
  'OrderListsController.place': 'placeOrderList',
  'OrderListsController.get': 'getOrderList',
  'OrderListsController.cancel': 'cancelOrderList',
  'PositionsController.list': 'listPositions',
  'PositionsController.history': 'listPositionHistory',
  'PositionsController.get': 'getPosition',
  'PositionsController.leverage': 'changeLeverage',
  'PositionsController.marginMode': 'changeMarginMode',
  'PositionsController.margin': 'moveIsolatedMargin',
  'PositionsController.close': 'closePosition',
  'PositionsController.accountMargin': 'getAccountMargin',
  'KillSwitchController.arm': 'armKillSwitch',
  'KillSwitchController.list': 'getKillSwitches',
  'KillSwitchController.clear': 'clearKillSwitch',
  'InsuranceFundController.fund': 'getInsuranceFund',
  'InsuranceFundController.topUp': 'topUpInsuranceFund',
  'PortfolioController.portfolio': 'getPortfolio',
  'PortfolioController.summary': 'getPortfolioSummary',
  'PortfolioController.performance': 'getPortfolioPerformance',
  'HealthController.overall': 'getHealth',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'MetricsController.scrape': 'getMetrics',
};

/** The operations that go through a market's order queue: they may answer 503 MARKET_BUSY or OUTCOME_UNKNOWN. */
export const ORDER_WRITING_OPERATIONS: ReadonlySet<string> = new Set([
  'placeOrder',
  'amendOrder',
  'cancelOrder',
  'cancelAllOrders',
  'placeOrderList',
  'cancelOrderList',
  'closePosition',
  'changeLeverage',
  'changeMarginMode',
  'moveIsolatedMargin',
]);

/** SwaggerModule's operationIdFactory. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  return OPERATION_IDS[`${controllerKey}.${methodKey}`] ?? `${methodKey}${controllerKey.replace(/Controller$/, '')}`;
}

/** What the orders context answers: decimal strings, never numbers, for every amount. */

export interface FillView {
  readonly tradeId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly price: string;
  readonly quantity: string;
  /** price x quantity in the quote asset. */
  readonly quote: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly liquidity: 'MAKER' | 'TAKER';
  readonly createdAt: string;
}

export interface OrderView {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  /** null for a market order. */
  readonly price: string | null;
  readonly quantity: string;
  readonly filledQuantity: string;
  readonly remainingQuantity: string;
  /** Quote per base unit, at the quote asset's decimals, rounded down; null before the first fill. */
  readonly averagePrice: string | null;
  /** Sum of the fills' price x quantity. */
  readonly filledQuote: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly status: string;
  /** Why it ended without filling in full (e.g. IOC_REMAINDER, SELF_TRADE_PREVENTED, CANCELED_BY_REQUEST). */
  readonly reason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Perpetuals: it only reduces the position (false on spot). */
  readonly reduceOnly: boolean;
  /** Conditional orders only (docs/conditional-orders.md). */
  readonly triggerPrice?: string | null;
  readonly triggerBy?: string;
  /** TRAILING_STOP_MARKET: percent ("1.5" = 1.5 %). */
  readonly callbackRate?: string | null;
  readonly activationPrice?: string | null;
  readonly closePosition?: boolean;
  /** When it triggered; null while UNTRIGGERED. */
  readonly triggeredAt?: string | null;
  /** GTD orders only. */
  readonly goodTillDate?: string;
  /** Orders of an order list only, with their role (LEG, ENTRY, TAKE_PROFIT, STOP_LOSS, WORKING, PENDING). */
  readonly listId?: string;
  readonly listRole?: string;
}

/** A placed order with the fills of its first matching pass. */
export interface PlacedOrderView extends OrderView {
  readonly fills: readonly FillView[];
}

export interface PlaceOrderResult {
  /** false when a repeated clientOrderId returned the existing order. */
  readonly created: boolean;
  readonly order: PlacedOrderView;
}

/** What a place request answers: the order, or the stored response of an earlier request with the same Idempotency-Key. */
export type PlaceOrderOutcome =
  | { readonly kind: 'placed'; readonly result: PlaceOrderResult }
  | { readonly kind: 'replayed'; readonly statusCode: number; readonly body: string | null }
  | { readonly kind: 'key-reused' };

export interface OrderPage {
  readonly items: readonly OrderView[];
  readonly nextCursor: string | null;
}

export interface FillPage {
  readonly items: readonly FillView[];
  readonly nextCursor: string | null;
}

/** A public trade of the tape. */
export interface TradeView {
  readonly id: string;
  readonly symbol: string;
  readonly price: string;
  readonly quantity: string;
  readonly quote: string;
  /** The taker's side: BUY means the trade lifted an ask. */
  readonly takerSide: string;
  readonly time: string;
}

export interface DepthView {
  readonly symbol: string;
  readonly seq: number;
  /** [price, quantity], best first. */
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** The levels one engine pass changed: [price, new aggregate quantity], "0" removes the level. */
export interface BookChangeView {
  readonly symbol: string;
  /** The book's sequence after the change. */
  readonly seq: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export interface TradeCandleView {
  readonly openTime: string;
  readonly closeTime: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume: string;
  readonly trades: number;
}

export interface TradeTickerView {
  readonly symbol: string;
  readonly last: string | null;
  readonly open: string | null;
  readonly high: string | null;
  readonly low: string | null;
  readonly volume: string;
  readonly quoteVolume: string;
  /** (last - open) / open, as a decimal fraction string with 6 digits; null without trades. */
  readonly change: string | null;
  readonly trades: number;
}

export interface CancelAllResult {
  readonly canceled: readonly OrderView[];
}

/** An amount of an asset (decimal string at the asset's decimals). */
export interface AssetAmountView {
  readonly asset: string;
  readonly amount: string;
}

/** What an order would do if it were placed now (POST /orders/preview): nothing is placed nor held. */
export interface OrderPreviewView {
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly quantity: string;
  /** The limit price; a market order's protection price (the band's edge). */
  readonly limitPrice: string;
  /** What it would hold now: spot in SPOT, perpetuals in MARGIN. */
  readonly hold: AssetAmountView;
  /** The taker fee on its notional filled in full. */
  readonly fee: AssetAmountView;
  /** What the book would fill at once: quantity, and average price (null when nothing). */
  readonly wouldTake: { readonly quantity: string; readonly averagePrice: string | null };
  /** The account the hold comes from, and what it has: spot the SPOT balance, perpetuals the available margin. */
  readonly available: AssetAmountView & { readonly account: 'SPOT' | 'MARGIN' };
  /** Spot: whether the SPOT balance covers the hold. */
  readonly sufficient?: boolean;
  /** Perpetuals: whether the available margin covers the hold (placing checks the same). */
  readonly marginOk?: boolean;
  /** Perpetuals: the largest quantity of this side at this price the account could place now. */
  readonly maxQuantity?: string;
  /** Perpetuals: the position after the order filled in full. */
  readonly position?: PositionPreviewView;
}

export interface PositionPreviewView {
  readonly side: 'LONG' | 'SHORT' | 'FLAT';
  /** Absolute size. */
  readonly size: string;
  /** Quote per base unit at the quote asset's decimals, rounded down; null when flat. */
  readonly entryPrice: string | null;
  readonly liquidationPrice: string | null;
  /** At the mark: notional / leverage, rounded up. */
  readonly initialMargin: string;
}

/** An admin's forced cancel (ForceCancelOrdersCommand): how many of the user's orders it cancelled, and which. */
export interface ForceCancelResult {
  readonly cancelled: number;
  readonly orderIds: readonly string[];
}

/** One position an admin's forced close closed (all of it, or what the book took within the band). */
export interface ForceClosedPositionView {
  readonly symbol: string;
  /** The position's side and size (decimal, unsigned) when its turn came, and its size after. */
  readonly side: 'LONG' | 'SHORT';
  readonly sizeBefore: string;
  readonly sizeAfter: string;
  /** The user's orders on the market, cancelled first (reason ADMIN_CANCELED). */
  readonly cancelledOrderIds: readonly string[];
  /** The MARKET reduce-only order that closed it, with its fills. */
  readonly order: PlacedOrderView;
}

/** A position a forced close could not close (the market halted, no mark price, the market busy): nothing of it changed. */
export interface ForceCloseFailureView {
  readonly symbol: string;
  readonly code: string;
  readonly message: string;
}

export interface ForceCloseResult {
  readonly closed: readonly ForceClosedPositionView[];
  readonly failed: readonly ForceCloseFailureView[];
}

/** One market's trading over a period and its open orders now (GET /admin/stats). */
export interface MarketActivityView {
  readonly symbol: string;
  readonly kind: 'SPOT' | 'PERPETUAL';
  readonly trades: number;
  /** Decimal strings: base at the market's quantity scale, quote and fees in the quote asset. */
  readonly baseVolume: string;
  readonly quoteVolume: string;
  /** Trading fees charged (maker + taker), in the quote asset. */
  readonly fees: string;
  readonly quoteAsset: string;
  readonly openOrders: number;
  readonly untriggeredOrders: number;
}

export interface OrdersActivityView {
  readonly markets: readonly MarketActivityView[];
  readonly openOrders: number;
  readonly untriggeredOrders: number;
}

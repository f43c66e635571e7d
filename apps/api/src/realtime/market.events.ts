/** The /market namespace: typed event maps (client and server). */
import type { TradeCandleView, TradeTickerView, TradeView } from '@lib/orders';
import type { SnapshotMark } from './book-runs';

/** Candle intervals of the `candles:<interval>` channels (the trade candles of GET /markets/:symbol/klines). */
export const MARKET_CANDLE_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type MarketCandleInterval = (typeof MARKET_CANDLE_INTERVALS)[number];

export type MarketChannel = 'book' | 'trades' | 'ticker' | 'liquidations' | `candles:${MarketCandleInterval}`;
export const MARKET_CHANNELS: readonly MarketChannel[] = ['book', 'trades', 'ticker', 'liquidations', ...MARKET_CANDLE_INTERVALS.map((i) => `candles:${i}` as const)];

export interface MarketSubscriptionRequest {
  readonly symbol: string;
  readonly channels: readonly string[];
}

/** One market's channels this socket holds. */
export interface MarketSubscription {
  readonly symbol: string;
  readonly channels: readonly MarketChannel[];
}

export interface MarketSubscriptionAck {
  /** Every subscription of this socket after the request, by symbol (sorted), channels in MARKET_CHANNELS order. */
  readonly subscriptions: readonly MarketSubscription[];
  readonly error?: {
    /** TOO_MANY_SNAPSHOTS: `book` was not (re)subscribed; send it again after `retryAfterMs`. */
    readonly code: 'UNKNOWN_SYMBOL' | 'UNKNOWN_CHANNELS' | 'INVALID_REQUEST' | 'TOO_MANY_SUBSCRIPTIONS' | 'TOO_MANY_SNAPSHOTS';
    readonly message: string;
    /** The unknown symbol, or the unknown channel names. */
    readonly unknown: readonly string[];
    readonly retryAfterMs?: number;
  };
}

/**
 * The order book: first a `snapshot` (to the subscribing socket only), then
 * `delta`s to every subscriber. Levels are [price, quantity] decimal strings,
 * best first in a snapshot; a delta level carries the level's new total
 * quantity, and a zero quantity ("0.00000") removes the level.
 *
 * Sequence rule for a client (keep `seq` of your book):
 * - on a snapshot, replace the book and take its `seq`;
 * - on a delta with `seq <= yours`, ignore it (already in your snapshot);
 * - on a delta with `prevSeq <= yours < seq`, apply it and take its `seq`
 *   (levels are absolute quantities, so re-applying a part you have is harmless);
 * - on a delta with `prevSeq > yours`, you missed one: unsubscribe and
 *   subscribe to `book` again for a fresh snapshot.
 */
export interface BookSnapshotMessage {
  readonly symbol: string;
  readonly type: 'snapshot';
  readonly seq: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export interface BookDeltaMessage {
  readonly symbol: string;
  readonly type: 'delta';
  /** The book's sequence after this delta. */
  readonly seq: number;
  /** The sequence this delta applies on top of: `seq - 1`, or less when consecutive changes were merged (one message per tick). */
  readonly prevSeq: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export type BookMessage = BookSnapshotMessage | BookDeltaMessage;

/** The trades of one market since the last message (one message per tick, oldest first). */
export interface TradesMessage {
  readonly symbol: string;
  readonly trades: readonly TradeView[];
}

/** 24 h statistics from trades; sent on subscribe, then at most once per second while the market trades. */
export type TickerMessage = TradeTickerView;

/** A trade candle that changed (the current one, or the one a late trade closed); at most once per second per interval. */
export interface CandleMessage {
  readonly symbol: string;
  readonly interval: MarketCandleInterval;
  readonly candle: TradeCandleView;
}

/**
 * A liquidation step on a perpetual market (the `liquidations` channel), as
 * it happens: the side of the liquidation order (SELL closes a long), what it
 * closed and its average price; no user.
 */
export interface LiquidationMessage {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly price: string;
  readonly quantity: string;
  readonly time: string;
}

export interface MarketServerToClientEvents {
  liquidation: (message: LiquidationMessage) => void;
  book: (message: BookMessage) => void;
  trade: (message: TradesMessage) => void;
  ticker: (message: TickerMessage) => void;
  candle: (message: CandleMessage) => void;
  error: (error: { readonly code: string; readonly message: string }) => void;
}

export interface MarketClientToServerEvents {
  subscribe: (request: MarketSubscriptionRequest, ack: (ack: MarketSubscriptionAck) => void) => void;
  unsubscribe: (request: MarketSubscriptionRequest, ack: (ack: MarketSubscriptionAck) => void) => void;
}

/** Every instance emits to its own sockets (`server.local`): nothing is sent between servers. */
export type MarketInterServerEvents = Record<string, never>;

export interface MarketSocketData {
  /** Room names held (`market:<symbol>:<channel>`). */
  readonly rooms: Set<string>;
  /** Per market whose `book` it holds: the seq of its last snapshot and where it stands in the deltas sent since. */
  readonly books: Map<string, SnapshotMark>;
}

export function marketRoom(symbol: string, channel: MarketChannel): string {
  return `market:${symbol}:${channel}`;
}

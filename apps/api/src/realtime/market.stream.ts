import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { POSITION_LIQUIDATED, PositionLiquidatedV1 } from '@lib/risk';
import { BOOK_CHANGED, GetTradeCandlesQuery, GetTradeTickersQuery, TRADE_CANDLE_INTERVALS, TRADE_EXECUTED, bookChangeViewOf, tradeViewOf } from '@lib/orders';
import type { BookChangeView, TradeView } from '@lib/orders';
import { OutboxRelay } from '@lib/platform';
import { Namespace } from 'socket.io';
import { MarketGateway } from './market.gateway';
import {
  BookDeltaMessage,
  MARKET_CANDLE_INTERVALS,
  MarketCandleInterval,
  MarketClientToServerEvents,
  MarketInterServerEvents,
  MarketServerToClientEvents,
  MarketSocketData,
  marketRoom,
  LiquidationMessage,
} from './market.events';

type MarketNamespace = Namespace<MarketClientToServerEvents, MarketServerToClientEvents, MarketInterServerEvents, MarketSocketData>;

/**
 * Trades and book deltas are gathered and sent at most once per tick, per
 * market. Leading edge: the first event after a quiet tick goes out at once
 * (still from a timer, never from the event handler), later ones wait for the
 * rest of the tick. Measured in docs/PERFORMANCE.md (fan-out p99).
 */
export const MARKET_TICK_MS = 50;
/**
 * The tick stretches with the number of local sockets so socket writes stay
 * under about this many per second (one message per socket per tick): at
 * 1,000 sockets the tick is 50 ms, at 4,000 it is 100 ms. More writes starve
 * the event loop the order path shares (measured in docs/PERFORMANCE.md).
 */
export const MAX_SOCKET_WRITES_PER_SECOND = 40_000;
/** Tickers and candles: at most one message per second per market (and interval). */
export const MARKET_THROTTLE_MS = 1000;

/** A run of consecutive book changes merged into one delta. */
interface PendingDelta {
  prevSeq: number;
  seq: number;
  readonly bids: Map<string, string>;
  readonly asks: Map<string, string>;
}

interface Throttle {
  /** Something changed since the last message. */
  dirty: boolean;
  /** Earliest time of the next message. */
  nextAt: number;
  /** Candles: the oldest trade time not yet sent (its candle is read again). */
  from?: number;
}

/**
 * Turns relayed trading events into /market messages. Every instance
 * receives every event (the outbox relay, or the Redis bus from the relaying
 * instance) and emits to its own sockets only (`server.local`), so with the
 * Socket.IO Redis adapter no client gets a message twice.
 *
 * Per tick (MARKET_TICK_MS) and market: one `trade` message with the trades
 * since the last tick, and the book changes merged into deltas (consecutive
 * seqs only: a gap stays a gap, so subscribers see it). Tickers and candles
 * are re-read from the trades at most once per MARKET_THROTTLE_MS per market
 * (and interval), only while the market trades and the room has sockets here.
 */
@Injectable()
export class MarketStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MarketStream');
  private readonly unsubscribes: (() => void)[] = [];
  private readonly deltas = new Map<string, PendingDelta[]>();
  private readonly trades = new Map<string, TradeView[]>();
  private readonly tickers = new Map<string, Throttle>();
  private lastFlush = 0;
  private readonly candles = new Map<string, Throttle>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private stopped = false;

  constructor(
    private readonly gateway: MarketGateway,
    private readonly relay: OutboxRelay,
    private readonly queries: QueryBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribes.push(
      // The view only when a local socket wants it: every pass of every market changes the book.
      this.relay.subscribe(BOOK_CHANGED, ({ payload }) => {
        if (this.gateway.hasLocalSubscribers(marketRoom(payload.symbol, 'book'))) this.onBookChanged(bookChangeViewOf(payload));
      }),
      this.relay.subscribe(TRADE_EXECUTED, (event) => this.onTrade(tradeViewOf(event.payload))),
      this.relay.subscribe(POSITION_LIQUIDATED, ({ payload }) => {
        const room = marketRoom(payload.symbol, 'liquidations');
        if (this.gateway.hasLocalSubscribers(room)) this.gateway.server.local.to(room).emit('liquidation', liquidationMessageOf(payload));
      }),
    );
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onBookChanged(change: BookChangeView): void {
    const runs = this.deltas.get(change.symbol) ?? [];
    let last = runs[runs.length - 1];
    if (!last || change.seq !== last.seq + 1) {
      last = { prevSeq: change.seq - 1, seq: change.seq, bids: new Map(), asks: new Map() };
      runs.push(last);
    }
    last.seq = change.seq;
    for (const [price, quantity] of change.bids) last.bids.set(price, quantity);
    for (const [price, quantity] of change.asks) last.asks.set(price, quantity);
    this.deltas.set(change.symbol, runs);
    this.schedule();
  }

  private onTrade(trade: TradeView): void {
    const { symbol } = trade;
    if (this.gateway.hasLocalSubscribers(marketRoom(symbol, 'trades'))) {
      const pending = this.trades.get(symbol) ?? [];
      pending.push(trade);
      this.trades.set(symbol, pending);
    }
    if (this.gateway.hasLocalSubscribers(marketRoom(symbol, 'ticker'))) this.touch(this.tickers, symbol, trade);
    for (const interval of MARKET_CANDLE_INTERVALS) {
      if (this.gateway.hasLocalSubscribers(marketRoom(symbol, `candles:${interval}`))) this.touch(this.candles, `${symbol} ${interval}`, trade);
    }
    this.schedule();
  }

  private touch(throttles: Map<string, Throttle>, key: string, trade: TradeView): void {
    const throttle = throttles.get(key) ?? { dirty: false, nextAt: 0 };
    throttle.dirty = true;
    const time = Date.parse(trade.time);
    if (throttle.from === undefined || time < throttle.from) throttle.from = time;
    throttles.set(key, throttle);
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const tick = Math.max(MARKET_TICK_MS, Math.ceil((this.gateway.localSocketCount() * 1000) / MAX_SOCKET_WRITES_PER_SECOND));
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastFlush + tick - Date.now()));
    this.timer.unref();
  }

  /** Emits the tick's deltas and trades, then starts the due ticker and candle reads. */
  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const server = this.gateway.server;
    if (!server || this.stopped) return;
    for (const [symbol, runs] of this.deltas) {
      for (const run of runs) {
        const delta: BookDeltaMessage = { symbol, type: 'delta', seq: run.seq, prevSeq: run.prevSeq, bids: [...run.bids], asks: [...run.asks] };
        server.local.to(marketRoom(symbol, 'book')).emit('book', delta);
        this.gateway.runs.emitted(symbol, run.prevSeq, run.seq);
      }
    }
    this.deltas.clear();
    for (const [symbol, trades] of this.trades) server.local.to(marketRoom(symbol, 'trades')).emit('trade', { symbol, trades });
    this.trades.clear();
    if (!this.reading) {
      this.reading = true;
      void this.readThrottled(server)
        .catch((error: unknown) => this.logger.warn(`ticker/candle update failed: ${String(error)}`))
        .finally(() => {
          this.reading = false;
          if (this.pendingThrottled()) this.schedule();
        });
    }
  }

  private pendingThrottled(): boolean {
    for (const t of this.tickers.values()) if (t.dirty) return true;
    for (const t of this.candles.values()) if (t.dirty) return true;
    return false;
  }

  private async readThrottled(server: MarketNamespace): Promise<void> {
    const now = Date.now();
    const dueTickers = takeDue(this.tickers, now);
    if (dueTickers.length > 0) {
      const symbols = dueTickers.filter(([symbol]) => this.gateway.hasLocalSubscribers(marketRoom(symbol, 'ticker'))).map(([symbol]) => symbol);
      if (symbols.length > 0) {
        for (const ticker of await this.queries.execute(new GetTradeTickersQuery(symbols))) {
          server.local.to(marketRoom(ticker.symbol, 'ticker')).emit('ticker', ticker);
        }
      }
    }
    for (const [key, from] of takeDue(this.candles, now)) {
      const [symbol, interval] = key.split(' ') as [string, MarketCandleInterval];
      const room = marketRoom(symbol, `candles:${interval}`);
      if (!this.gateway.hasLocalSubscribers(room)) continue;
      const ms = TRADE_CANDLE_INTERVALS[interval] * 1000;
      const start = new Date(Math.floor(from / ms) * ms);
      for (const candle of await this.queries.execute(new GetTradeCandlesQuery(symbol, interval, start, undefined, 10))) {
        server.local.to(room).emit('candle', { symbol, interval, candle });
      }
    }
  }
}

/** The dirty entries whose time has come, marked sent (next one a throttle period later); returns each key with its oldest trade time. */
function takeDue(throttles: Map<string, Throttle>, now: number): [string, number][] {
  const due: [string, number][] = [];
  for (const [key, throttle] of throttles) {
    if (!throttle.dirty) {
      // Idle for a whole period: forget it (the next trade sends at once).
      if (throttle.nextAt <= now) throttles.delete(key);
      continue;
    }
    if (throttle.nextAt > now) continue;
    due.push([key, throttle.from ?? now]);
    throttle.dirty = false;
    throttle.from = undefined;
    throttle.nextAt = now + MARKET_THROTTLE_MS;
  }
  return due;
}

/** The public view of a liquidation step: no user, the order's side. */
export function liquidationMessageOf(p: PositionLiquidatedV1): LiquidationMessage {
  return {
    symbol: p.symbol,
    side: p.side === 'LONG' ? 'SELL' : 'BUY',
    price: formatUnits(BigInt(p.averagePrice), p.priceScale),
    quantity: formatUnits(BigInt(p.quantity), p.quantityScale),
    time: p.at,
  };
}

import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { QueryBus } from '@nestjs/cqrs';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ListInstrumentsQuery } from '@lib/market';
import {
  BOOK_CHANGED,
  BookChangedPayload,
  GetOrderBookQuery,
  GetTradeCandlesQuery,
  GetTradeTickersQuery,
  TRADE_CANDLE_INTERVALS,
  TRADE_EXECUTED,
  TradeExecutedPayload,
} from '@lib/orders';
import type { TradeView } from '@lib/orders';
import { AppConfig, OutboxRelay } from '@lib/platform';
import { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import {
  BookDeltaMessage,
  MARKET_CANDLE_INTERVALS,
  MARKET_CHANNELS,
  MarketCandleInterval,
  MarketChannel,
  MarketClientToServerEvents,
  MarketInterServerEvents,
  MarketServerToClientEvents,
  MarketSocketData,
  MarketSubscription,
  MarketSubscriptionAck,
  marketRoom,
} from './market.events';
import { SocketCaps } from './socket-caps';

type MarketSocket = Socket<MarketClientToServerEvents, MarketServerToClientEvents, MarketInterServerEvents, MarketSocketData>;
type MarketNamespace = Namespace<MarketClientToServerEvents, MarketServerToClientEvents, MarketInterServerEvents, MarketSocketData>;

/** Levels per side in a book snapshot (deltas cover every level: a client showing fewer keeps the rest). */
export const BOOK_SNAPSHOT_LEVELS = 1000;
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

// Checked at compile time: the channels' intervals are exactly the trade candle intervals.
const INTERVALS_MATCH: Record<keyof typeof TRADE_CANDLE_INTERVALS, true> & Record<MarketCandleInterval, true> = {
  '1m': true,
  '5m': true,
  '15m': true,
  '1h': true,
  '4h': true,
  '1d': true,
};
void INTERVALS_MATCH;

/**
 * /market: public market data made by trading. A socket subscribes to
 * channels of a market (`book`, `trades`, `ticker`, `candles:<interval>`)
 * and joins one room per channel (`market:<symbol>:<channel>`); MarketStream
 * emits each tick's batch once per room, never by looping over sockets.
 */
// Public: the global (HTTP) JWT guard also runs on gateway messages.
@Public()
@WebSocketGateway({ namespace: '/market' })
export class MarketGateway implements OnGatewayConnection {
  @WebSocketServer() server!: MarketNamespace;
  private readonly logger = new Logger('MarketGateway');
  private readonly caps: SocketCaps;

  constructor(
    private readonly queries: QueryBus,
    config: AppConfig,
  ) {
    this.caps = new SocketCaps({ maxSubscriptions: config.realtime.maxSubscriptionsPerSocket, maxMessagesPerSecond: config.realtime.maxMessagesPerSecond });
  }

  handleConnection(socket: MarketSocket): void {
    (socket.data as { rooms: Set<string> }).rooms = new Set();
    this.caps.attach(socket as unknown as Socket);
  }

  /** Sockets of this instance in `room` (the stream skips work for empty rooms). */
  /** Sockets connected to this namespace on this instance. */
  localSocketCount(): number {
    return this.server?.sockets.size ?? 0;
  }

  hasLocalSubscribers(room: string): boolean {
    return (this.server?.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: MarketSocket, @MessageBody() body: unknown): Promise<MarketSubscriptionAck> {
    const request = await this.read(body);
    const held = socket.data.rooms;
    if ('error' in request) return { subscriptions: subscriptionsOf(held), error: request.error };
    const { symbol, channels } = request;
    const added = channels.filter((c) => !held.has(marketRoom(symbol, c)));
    if (!this.caps.allowSubscriptions(socket as unknown as Socket, held.size + added.length)) {
      return {
        subscriptions: subscriptionsOf(held),
        error: { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${this.caps.options.maxSubscriptions} subscriptions`, unknown: request.unknown },
      };
    }
    // Reserved at once, so concurrent requests of the socket count against the cap.
    for (const channel of added) held.add(marketRoom(symbol, channel));
    try {
      for (const channel of channels) {
        if (channel === 'book') await this.sendBookSnapshotAndJoin(socket, symbol);
        else if (added.includes(channel)) await this.joinAndSendLatest(socket, symbol, channel);
      }
    } catch (error) {
      for (const channel of added) {
        held.delete(marketRoom(symbol, channel));
        await socket.leave(marketRoom(symbol, channel));
      }
      this.logger.warn(`subscribing ${socket.id} to ${symbol} failed: ${String(error)}`);
      return { subscriptions: subscriptionsOf(held), error: { code: 'INVALID_REQUEST', message: `Could not subscribe to ${symbol}; try again`, unknown: [] } };
    }
    return ack(held, request.unknown);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: MarketSocket, @MessageBody() body: unknown): Promise<MarketSubscriptionAck> {
    const request = await this.read(body);
    const held = socket.data.rooms;
    if ('error' in request) return { subscriptions: subscriptionsOf(held), error: request.error };
    for (const channel of request.channels) {
      const room = marketRoom(request.symbol, channel);
      if (!held.delete(room)) continue;
      await socket.leave(room);
    }
    return ack(held, request.unknown);
  }

  /**
   * The snapshot first, then the room: the snapshot is read in the market's
   * turn, and from that read to the join below only promise continuations
   * run (no timer, so no MarketStream flush), so every delta this socket gets
   * afterwards was flushed after the snapshot was read. Deltas with a seq the
   * snapshot already has are possible and skipped by the client (seq rule).
   * Subscribing to `book` again sends a fresh snapshot (how a client recovers from a gap).
   */
  private async sendBookSnapshotAndJoin(socket: MarketSocket, symbol: string): Promise<void> {
    const depth = await this.queries.execute(new GetOrderBookQuery(symbol, BOOK_SNAPSHOT_LEVELS));
    if (!socket.connected) return;
    socket.emit('book', { symbol: depth.symbol, type: 'snapshot', seq: depth.seq, bids: depth.bids, asks: depth.asks });
    await socket.join(marketRoom(symbol, 'book'));
  }

  /** Joins, then sends the current ticker or the latest candle, so a new subscriber has something to show. */
  private async joinAndSendLatest(socket: MarketSocket, symbol: string, channel: MarketChannel): Promise<void> {
    await socket.join(marketRoom(symbol, channel));
    if (channel === 'ticker') {
      const [ticker] = await this.queries.execute(new GetTradeTickersQuery([symbol]));
      if (ticker) socket.emit('ticker', ticker);
    } else if (channel.startsWith('candles:')) {
      const interval = channel.slice('candles:'.length) as MarketCandleInterval;
      const [candle] = await this.queries.execute(new GetTradeCandlesQuery(symbol, interval, undefined, undefined, 1));
      if (candle) socket.emit('candle', { symbol, interval, candle });
    }
  }

  /** `{symbol, channels}`: the market (upper-cased), its known channels (deduplicated), the unknown channel names. */
  private async read(
    body: unknown,
  ): Promise<{ symbol: string; channels: MarketChannel[]; unknown: string[] } | { error: NonNullable<MarketSubscriptionAck['error']> }> {
    const { symbol, channels } = (body ?? {}) as { symbol?: unknown; channels?: unknown };
    if (
      typeof symbol !== 'string' ||
      symbol.length > 40 ||
      !Array.isArray(channels) ||
      channels.length === 0 ||
      channels.length > MARKET_CHANNELS.length * 2 ||
      channels.some((c) => typeof c !== 'string' || c.length > 40)
    ) {
      return {
        error: { code: 'INVALID_REQUEST', message: `Send {symbol: string, channels: string[]} with channels among ${MARKET_CHANNELS.join(', ')}`, unknown: [] },
      };
    }
    const upper = symbol.toUpperCase();
    const listed = (await this.queries.execute(new ListInstrumentsQuery())).some((i) => i.symbol === upper);
    if (!listed) return { error: { code: 'UNKNOWN_SYMBOL', message: `Unknown symbol: ${symbol}`, unknown: [symbol] } };
    const known: MarketChannel[] = [];
    const unknown: string[] = [];
    for (const channel of channels as string[]) {
      if ((MARKET_CHANNELS as readonly string[]).includes(channel)) {
        if (!known.includes(channel as MarketChannel)) known.push(channel as MarketChannel);
      } else if (!unknown.includes(channel)) unknown.push(channel);
    }
    return { symbol: upper, channels: known, unknown };
  }
}

function subscriptionsOf(rooms: Set<string>): MarketSubscription[] {
  const bySymbol = new Map<string, Set<string>>();
  for (const room of rooms) {
    const [, symbol, ...channel] = room.split(':');
    const channels = bySymbol.get(symbol!) ?? new Set<string>();
    channels.add(channel.join(':'));
    bySymbol.set(symbol!, channels);
  }
  return [...bySymbol.keys()].sort().map((symbol) => ({ symbol, channels: MARKET_CHANNELS.filter((c) => bySymbol.get(symbol)!.has(c)) }));
}

function ack(held: Set<string>, unknown: string[]): MarketSubscriptionAck {
  if (unknown.length === 0) return { subscriptions: subscriptionsOf(held) };
  return {
    subscriptions: subscriptionsOf(held),
    error: { code: 'UNKNOWN_CHANNELS', message: `Unknown channels: ${unknown.join(', ')} (known: ${MARKET_CHANNELS.join(', ')})`, unknown },
  };
}

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
      this.relay.subscribe(BOOK_CHANGED, (event) => this.onBookChanged(event.payload as BookChangedPayload)),
      this.relay.subscribe(TRADE_EXECUTED, (event) => this.onTrade((event.payload as TradeExecutedPayload).trade)),
    );
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onBookChanged(change: BookChangedPayload): void {
    if (!this.gateway.hasLocalSubscribers(marketRoom(change.symbol, 'book'))) return;
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

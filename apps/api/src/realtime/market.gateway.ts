import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { QueryBus } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { ListInstrumentsQuery } from '@lib/market';
import { GetOrderBookQuery, GetTradeCandlesQuery, GetTradeTickersQuery, TRADE_CANDLE_INTERVALS } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import { BookRuns, SnapshotMark } from './book-runs';
import { PublicSocketQuota } from './connection-quota';
import {
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
import { TokenBuckets } from './token-buckets';

type MarketSocket = Socket<MarketClientToServerEvents, MarketServerToClientEvents, MarketInterServerEvents, MarketSocketData>;
type MarketNamespace = Namespace<MarketClientToServerEvents, MarketServerToClientEvents, MarketInterServerEvents, MarketSocketData>;

/** Levels per side in a book snapshot (deltas cover every level: a client showing fewer keeps the rest). */
export const BOOK_SNAPSHOT_LEVELS = 1000;
/** Book snapshots one socket may take: a burst of this many (subscribing to `book` anew, or after a gap)... */
export const BOOK_SNAPSHOT_BURST = 5;
/** ...then one per this many per second. */
export const BOOK_SNAPSHOTS_PER_SECOND = 1;

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
export class MarketGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() server!: MarketNamespace;
  /** The book deltas MarketStream sent per market: whether a socket holding `book` can have seen a gap. */
  readonly runs = new BookRuns();
  private readonly logger = new Logger('MarketGateway');
  private readonly caps: SocketCaps;
  private readonly snapshotBudget = new TokenBuckets(BOOK_SNAPSHOT_BURST, BOOK_SNAPSHOTS_PER_SECOND);

  constructor(
    private readonly queries: QueryBus,
    private readonly quota: PublicSocketQuota,
    config: AppConfig,
  ) {
    this.caps = new SocketCaps({ maxSubscriptions: config.realtime.maxSubscriptionsPerSocket, maxMessagesPerSecond: config.realtime.maxMessagesPerSecond });
  }

  afterInit(server: MarketNamespace): void {
    server.use(this.quota.middleware);
  }

  handleConnection(socket: MarketSocket): void {
    this.quota.connected(socket as unknown as Socket);
    Object.assign(socket.data, { rooms: new Set<string>(), books: new Map<string, SnapshotMark>() });
    this.caps.attach(socket as unknown as Socket);
  }

  handleDisconnect(socket: MarketSocket): void {
    this.snapshotBudget.forget(socket.id);
  }

  /** Sockets connected to this namespace on this instance. */
  localSocketCount(): number {
    return this.server?.sockets.size ?? 0;
  }

  /** Sockets of this instance in `room` (the stream skips work for empty rooms). */
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
        if (channel === 'book') await this.sendBookSnapshotAndJoin(socket, symbol, !added.includes('book'));
        else if (added.includes(channel)) await this.joinAndSendLatest(socket, symbol, channel);
      }
    } catch (error) {
      for (const channel of added) {
        held.delete(marketRoom(symbol, channel));
        if (channel === 'book') socket.data.books.delete(symbol);
        await socket.leave(marketRoom(symbol, channel));
      }
      if (error instanceof SnapshotRefused) {
        return { subscriptions: subscriptionsOf(held), error: { code: 'TOO_MANY_SNAPSHOTS', message: error.message, unknown: [], retryAfterMs: error.retryAfterMs } };
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
      if (channel === 'book') socket.data.books.delete(request.symbol);
      await socket.leave(room);
    }
    return ack(held, request.unknown);
  }

  /**
   * The snapshot first, then the room. The snapshot comes from the one kept
   * outside the order lanes (GetOrderBookQuery never waits for a batch);
   * from its pick to the join below only promise continuations run (no
   * timer, so no MarketStream flush), so every delta this socket gets
   * afterwards was flushed after the snapshot was taken. Deltas with a seq
   * the snapshot already has are possible and skipped by the client (seq rule).
   *
   * A socket that already holds `book` gets a new snapshot only when it can
   * have seen a gap since its last one (BookRuns replays the deltas it was
   * sent by the client's rule); otherwise the repeated subscribe is a no-op.
   * Snapshots per socket are budgeted (BOOK_SNAPSHOT_BURST, then
   * BOOK_SNAPSHOTS_PER_SECOND), so unsubscribe/subscribe cycles cannot flood either.
   */
  private async sendBookSnapshotAndJoin(socket: MarketSocket, symbol: string, holding: boolean): Promise<void> {
    const mark = socket.data.books.get(symbol);
    // Holding without a mark: its first snapshot is still on the way (it will be followed by the deltas).
    if (holding && (!mark || !this.runs.gapSince(symbol, mark))) return;
    const wait = this.snapshotBudget.take(socket.id);
    if (wait > 0) throw new SnapshotRefused(wait);
    const depth = await this.queries.execute(new GetOrderBookQuery(symbol, BOOK_SNAPSHOT_LEVELS));
    if (!socket.connected) return;
    socket.emit('book', { symbol: depth.symbol, type: 'snapshot', seq: depth.seq, bids: depth.bids, asks: depth.asks });
    socket.data.books.set(symbol, this.runs.mark(symbol, depth.seq));
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


class SnapshotRefused extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Too many book snapshots for this connection: keep the book with the deltas, or subscribe again in ${retryAfterMs} ms`);
  }
}

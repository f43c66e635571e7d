import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import { Injectable } from '@nestjs/common';
import { ListInstrumentsQuery, TickerUpdated } from '@lib/market';
import { AppConfig } from '@lib/platform';
import { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import {
  MAX_SYMBOLS_PER_REQUEST,
  PricesClientToServerEvents,
  PricesInterServerEvents,
  PricesServerToClientEvents,
  PricesSocketData,
  SubscriptionAck,
  priceRoom,
} from './prices.events';
import { PublicSocketQuota } from './connection-quota';
import { SocketCaps } from './socket-caps';

type PricesSocket = Socket<PricesClientToServerEvents, PricesServerToClientEvents, PricesInterServerEvents, PricesSocketData>;
type PricesNamespace = Namespace<PricesClientToServerEvents, PricesServerToClientEvents, PricesInterServerEvents, PricesSocketData>;

/**
 * /prices: public live prices. A socket subscribes to symbols and joins one
 * room per symbol; each feed tick is emitted once per symbol to its room
 * (PricesBroadcaster), never by looping over sockets.
 */
// Public: the global (HTTP) JWT guard also runs on gateway messages.
@Public()
@WebSocketGateway({ namespace: '/prices' })
export class PricesGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server!: PricesNamespace;
  private readonly caps: SocketCaps;

  constructor(
    private readonly queries: QueryBus,
    private readonly quota: PublicSocketQuota,
    config: AppConfig,
  ) {
    this.caps = new SocketCaps({ maxSubscriptions: config.realtime.maxSubscriptionsPerSocket, maxMessagesPerSecond: config.realtime.maxMessagesPerSecond });
  }

  afterInit(server: PricesNamespace): void {
    server.use(this.quota.middleware);
  }

  handleConnection(socket: PricesSocket): void {
    this.quota.connected(socket as unknown as Socket);
    (socket.data as { symbols: Set<string> }).symbols = new Set();
    this.caps.attach(socket as unknown as Socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: PricesSocket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const request = await this.read(body);
    const held = socket.data.symbols;
    if ('error' in request) return { subscribed: sorted(held), error: request.error };
    const added = request.known.filter((s) => !held.has(s));
    if (!this.caps.allowSubscriptions(socket as unknown as Socket, held.size + added.length)) {
      return { subscribed: sorted(held), error: { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${this.caps.options.maxSubscriptions} subscriptions`, unknown: request.unknown } };
    }
    for (const symbol of added) held.add(symbol);
    if (added.length > 0) await socket.join(added.map(priceRoom));
    return ack(held, request.unknown);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: PricesSocket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const request = await this.read(body);
    const held = socket.data.symbols;
    if ('error' in request) return { subscribed: sorted(held), error: request.error };
    for (const symbol of request.known) {
      if (!held.delete(symbol)) continue;
      await socket.leave(priceRoom(symbol));
    }
    return ack(held, request.unknown);
  }

  /** `{symbols: string[]}`: the known markets (upper-cased, deduplicated) and the unknown names. */
  private async read(body: unknown): Promise<{ known: string[]; unknown: string[] } | { error: NonNullable<SubscriptionAck['error']> }> {
    const symbols = (body as { symbols?: unknown } | null)?.symbols;
    if (!Array.isArray(symbols) || symbols.length > MAX_SYMBOLS_PER_REQUEST || symbols.some((s) => typeof s !== 'string' || s.length > 40)) {
      return { error: { code: 'INVALID_REQUEST', message: `Send {symbols: string[]} with at most ${MAX_SYMBOLS_PER_REQUEST} symbols`, unknown: [] } };
    }
    const listed = new Set((await this.queries.execute(new ListInstrumentsQuery())).map((i) => i.symbol));
    const known = new Set<string>();
    const unknown: string[] = [];
    for (const symbol of symbols as string[]) {
      const upper = symbol.toUpperCase();
      if (listed.has(upper)) known.add(upper);
      else if (!unknown.includes(symbol)) unknown.push(symbol);
    }
    return { known: [...known], unknown };
  }
}

function sorted(symbols: Set<string>): string[] {
  return [...symbols].sort();
}

function ack(held: Set<string>, unknown: string[]): SubscriptionAck {
  if (unknown.length === 0) return { subscribed: sorted(held) };
  return { subscribed: sorted(held), error: { code: 'UNKNOWN_SYMBOLS', message: `Unknown symbols: ${unknown.join(', ')}`, unknown } };
}

/**
 * Feed ticks to rooms. TickerUpdated is published only on the feed leader,
 * once per market per tick; with the Redis adapter the emit reaches the
 * room's sockets on every instance, so followers never emit themselves.
 */
@Injectable()
@EventsHandler(TickerUpdated)
export class PricesBroadcaster implements IEventHandler<TickerUpdated> {
  constructor(private readonly gateway: PricesGateway) {}

  handle({ payload }: TickerUpdated): void {
    this.gateway.server?.to(priceRoom(payload.symbol)).emit('price', {
      symbol: payload.symbol,
      index: payload.index,
      mark: payload.mark,
      last: payload.last,
      change24h: payload.change24h,
      ts: payload.ts,
      ...(payload.fundingRate === undefined ? {} : { fundingRate: payload.fundingRate, nextFundingTime: payload.nextFundingTime }),
    });
  }
}

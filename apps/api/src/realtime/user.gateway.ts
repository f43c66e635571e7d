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
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AccessTokenVerification, AuthError, AuthenticateSessionQuery, accessTokenVerification } from '@lib/auth';
import { isUuid } from '@lib/kernel';
import { FILL_CREATED, FillCreatedPayload, ORDER_UPDATED, OrderUpdatedPayload } from '@lib/orders';
import { AppConfig, IntegrationEvent, OutboxRelay, OutboxUserEvents } from '@lib/platform';
import { BALANCE_CHANGED, BalanceChangedPayload } from '@lib/wallet';
import { TokenExpiredError, verify } from 'jsonwebtoken';
import { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import { SocketCaps } from './socket-caps';
import {
  BalanceView,
  ResumeAck,
  ResumedEvent,
  UserClientToServerEvents,
  UserConnectErrorCode,
  UserInterServerEvents,
  UserServerToClientEvents,
  UserSocketData,
  sessionRoom,
  userRoom,
} from './user.events';

type UserSocket = Socket<UserClientToServerEvents, UserServerToClientEvents, UserInterServerEvents, UserSocketData>;
type UserNamespace = Namespace<UserClientToServerEvents, UserServerToClientEvents, UserInterServerEvents, UserSocketData>;

/** How often the sessions of connected sockets are checked again (suspension, logout, session expiry). */
export const USER_SESSION_RECHECK_MS = 30_000;
/** Session checks run this many at a time. */
const RECHECK_CONCURRENCY = 10;

/** Outbox event types of the stream, and the message name each becomes. */
const STREAM_EVENTS = { [ORDER_UPDATED]: 'order', [FILL_CREATED]: 'fill', [BALANCE_CHANGED]: 'balance' } as const;
const STREAM_TYPES = Object.keys(STREAM_EVENTS);

/** Query parameters that must never carry a token (logged by proxies, kept in browser history). */
const TOKEN_QUERY_KEYS = new Set(['token', 'access_token', 'accesstoken', 'auth', 'authorization', 'jwt', 'bearer']);
/** A JWT anywhere in the query (its header always starts `{"` = `eyJ`). */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]+\./;

/** What a refused handshake gives the client's `connect_error`: `message`, and `data: {code, message}`. */
export class UserConnectError extends Error {
  readonly data: { readonly code: UserConnectErrorCode; readonly message: string };

  constructor(code: UserConnectErrorCode, message: string) {
    super(message);
    this.data = { code, message };
  }
}

/**
 * /user: a user's own orders, fills and balances, live.
 *
 * The handshake must carry an access token in `auth: {token}` (a namespace
 * middleware verifies it like the HTTP guard does: signature, issuer,
 * audience, expiry, then the session and the account); a token in the query
 * string is refused. The socket joins `user:<userId>` (and `session:<id>`).
 *
 * Events come from the outbox relay, which every instance receives; each
 * instance emits to its own sockets (`server.local`), once per event to the
 * user's room. Each message carries `seq`, the event's outbox position;
 * `resume {since}` answers with the user's events after it, read back from
 * the outbox (OutboxUserEvents).
 *
 * Sessions of connected sockets are checked again every
 * USER_SESSION_RECHECK_MS: a suspended account, a logout or an expired
 * session gets `error` {code} and is disconnected.
 */
// Public: the global (HTTP) JWT guard also runs on gateway messages; this namespace authenticates in its handshake.
@Public()
@WebSocketGateway({ namespace: '/user' })
export class UserGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() server!: UserNamespace;
  private readonly logger = new Logger('UserGateway');
  private readonly caps: SocketCaps;
  private readonly verification: AccessTokenVerification;
  /** Sockets of this instance per session. */
  private readonly sessions = new Map<string, { readonly userId: string; sockets: number }>();
  private readonly unsubscribes: (() => void)[] = [];
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | undefined;
  private lastMissingPosition = 0;

  constructor(
    private readonly queries: QueryBus,
    private readonly relay: OutboxRelay,
    private readonly outbox: OutboxUserEvents,
    config: AppConfig,
  ) {
    this.caps = new SocketCaps({ maxSubscriptions: config.realtime.maxSubscriptionsPerSocket, maxMessagesPerSecond: config.realtime.maxMessagesPerSecond });
    this.verification = accessTokenVerification(config);
  }

  onModuleInit(): void {
    for (const type of STREAM_TYPES) this.unsubscribes.push(this.relay.subscribe(type, (event) => this.onEvent(event)));
    this.recheckTimer = setInterval(() => void this.recheckSessions(), USER_SESSION_RECHECK_MS);
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    clearInterval(this.recheckTimer);
  }

  afterInit(server: UserNamespace): void {
    server.use((socket, next) => {
      this.authenticate(socket as UserSocket).then(
        () => next(),
        (error: unknown) => next(error instanceof UserConnectError ? error : this.unexpected(error)),
      );
    });
  }

  handleConnection(socket: UserSocket): void {
    const { userId, sessionId } = socket.data;
    if (!userId) return; // never: the middleware admitted it
    this.caps.attach(socket as unknown as Socket);
    void socket.join([userRoom(userId), sessionRoom(sessionId)]);
    const session = this.sessions.get(sessionId) ?? { userId, sockets: 0 };
    session.sockets += 1;
    this.sessions.set(sessionId, session);
  }

  handleDisconnect(socket: UserSocket): void {
    const session = this.sessions.get(socket.data.sessionId);
    if (!session) return;
    session.sockets -= 1;
    if (session.sockets <= 0) this.sessions.delete(socket.data.sessionId);
  }

  @SubscribeMessage('resume')
  async resume(@ConnectedSocket() socket: UserSocket, @MessageBody() body: unknown): Promise<ResumeAck> {
    const since = (body as { since?: unknown } | null)?.since;
    const valid = (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) || (typeof since === 'string' && /^(0|[1-9]\d{0,17})$/.test(since));
    if (!valid) return { events: [], more: false, error: { code: 'INVALID_REQUEST', message: 'Send {since: seq}, the highest seq you applied (0 for everything)' } };
    const read = await this.outbox.after(socket.data.userId, BigInt(since), STREAM_TYPES);
    const events: ResumedEvent[] = [];
    for (const event of read.events) {
      const message = toMessage(event);
      if (message) events.push(message);
    }
    return { events, more: read.more };
  }

  /**
   * Checks every session with a socket on this instance; a session that no
   * longer authenticates (account suspended, logged out, expired) has its
   * sockets told why and disconnected. Runs on a timer; callable (tests).
   */
  recheckSessions(): Promise<void> {
    this.rechecking ??= (async () => {
      try {
        const entries = [...this.sessions.entries()];
        for (let i = 0; i < entries.length; i += RECHECK_CONCURRENCY) {
          await Promise.all(entries.slice(i, i + RECHECK_CONCURRENCY).map(([sessionId, { userId }]) => this.recheck(userId, sessionId)));
        }
      } finally {
        this.rechecking = undefined;
      }
    })();
    return this.rechecking;
  }

  private async recheck(userId: string, sessionId: string): Promise<void> {
    try {
      await this.queries.execute(new AuthenticateSessionQuery(userId, sessionId));
    } catch (error) {
      // Only a definite "no": a database hiccup keeps the sockets.
      if (!(error instanceof AuthError)) {
        this.logger.warn(`session re-check failed: ${String(error)}`);
        return;
      }
      const room = this.server.local.in(sessionRoom(sessionId));
      room.emit('error', { code: error.code, message: error.message });
      room.disconnectSockets(true);
    }
  }

  private async authenticate(socket: UserSocket): Promise<void> {
    const { query, auth } = socket.handshake;
    for (const [key, value] of Object.entries(query ?? {})) {
      const values = Array.isArray(value) ? value : [value];
      if (TOKEN_QUERY_KEYS.has(key.toLowerCase()) || values.some((v) => typeof v === 'string' && JWT_LIKE.test(v))) {
        throw new UserConnectError('TOKEN_IN_QUERY', 'Never send the access token in the query string: pass it in the handshake auth, io(url, {auth: {token}})');
      }
    }
    const raw = (auth as { token?: unknown } | undefined)?.token;
    if (typeof raw !== 'string' || raw.trim() === '') {
      throw new UserConnectError('UNAUTHENTICATED', 'An access token is required in the handshake auth: io(url, {auth: {token}})');
    }
    const token = raw.trim().replace(/^Bearer\s+/i, '');
    let claims: { sub?: unknown; sid?: unknown };
    try {
      claims = verify(token, this.verification.key, {
        algorithms: this.verification.algorithms,
        issuer: this.verification.issuer,
        audience: this.verification.audience,
      }) as { sub?: unknown; sid?: unknown };
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new UserConnectError('TOKEN_EXPIRED', 'The access token has expired: refresh it and connect again');
      throw new UserConnectError('UNAUTHENTICATED', 'The access token is not valid');
    }
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid)) {
      throw new UserConnectError('UNAUTHENTICATED', 'The access token is not valid');
    }
    try {
      const principal = await this.queries.execute(new AuthenticateSessionQuery(sub, sid));
      Object.assign(socket.data, { userId: principal.userId, sessionId: principal.sessionId });
    } catch (error) {
      if (error instanceof AuthError && ['UNAUTHENTICATED', 'SESSION_REVOKED', 'ACCOUNT_SUSPENDED'].includes(error.code)) {
        throw new UserConnectError(error.code as UserConnectErrorCode, error.message);
      }
      throw error;
    }
  }

  private unexpected(error: unknown): Error {
    this.logger.error(`authenticating a /user socket failed: ${String(error)}`);
    const refused = new Error('Could not authenticate now; try again') as Error & { data: unknown };
    refused.data = { code: 'UNAVAILABLE', message: refused.message };
    return refused;
  }

  /** A relayed event to the owner's room on this instance (no-op without a socket of the user here). */
  private onEvent(event: IntegrationEvent): void {
    const server = this.server;
    const userId = event.payload.userId;
    if (!server || typeof userId !== 'string') return;
    const room = userRoom(userId);
    if ((server.adapter.rooms.get(room)?.size ?? 0) === 0) return;
    const message = toMessage(event);
    if (!message) {
      // An event without a position (relayed by an older instance): it cannot be sequenced; `resume` finds it.
      if (Date.now() - this.lastMissingPosition > 60_000) this.logger.warn(`${event.type} ${event.eventId} has no outbox position: not streamed`);
      this.lastMissingPosition = Date.now();
      return;
    }
    const target = server.local.to(room);
    if (message.event === 'order') target.emit('order', { seq: message.seq, order: message.order });
    else if (message.event === 'fill') target.emit('fill', { seq: message.seq, fill: message.fill });
    else target.emit('balance', { seq: message.seq, balance: message.balance });
  }
}

/** An outbox event as the message it becomes on /user; undefined for another type or an event without position. */
function toMessage(event: IntegrationEvent): ResumedEvent | undefined {
  if (event.position === undefined) return undefined;
  const seq = Number(event.position);
  switch (event.type) {
    case ORDER_UPDATED:
      return { event: 'order', seq, order: (event.payload as OrderUpdatedPayload).order };
    case FILL_CREATED:
      return { event: 'fill', seq, fill: (event.payload as FillCreatedPayload).fill };
    case BALANCE_CHANGED: {
      const p = event.payload as BalanceChangedPayload;
      const balance: BalanceView = {
        account: p.account,
        asset: p.asset,
        available: p.available,
        locked: p.locked,
        total: p.total,
        transactionId: p.transactionId,
        entryType: p.entryType,
      };
      return { event: 'balance', seq, balance };
    }
    default:
      return undefined;
  }
}

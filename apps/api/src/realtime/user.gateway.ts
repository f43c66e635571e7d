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
import { AccessTokenVerification, AuthError, AuthenticateSessionQuery, LISTEN_KEYS_CLOSED, accessTokenVerification } from '@lib/auth';
import { AppConfig, OutboxRelay, OutboxUserEvents } from '@lib/platform';
import { GetPositionChangeViewQuery, POSITION_CHANGED, PositionChangedV1 } from '@lib/positions';
import { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import { ConnectionQuota } from './connection-quota';
import { SocketCaps } from './socket-caps';
import { STREAM_TYPES, StreamEvent, UserResume, emitMessage, messageOf, toMessage } from './user-resume';
import { AccessClaims, UserConnectError, assertNoTokenInQuery, verifyAccessToken } from './user-token';
import { UserListenKeys, isListenKeySession } from './user-listen-keys';
import {
  AuthenticateAck,
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

export { UserConnectError } from './user-token';

type UserSocket = Socket<UserClientToServerEvents, UserServerToClientEvents, UserInterServerEvents, UserSocketData>;
type UserNamespace = Namespace<UserClientToServerEvents, UserServerToClientEvents, UserInterServerEvents, UserSocketData>;

/** How often the sessions of connected sockets are checked again (suspension, logout, session expiry). */
export const USER_SESSION_RECHECK_MS = 30_000;
/** Session checks run this many at a time. */
const RECHECK_CONCURRENCY = 10;
/** setTimeout's longest delay: a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * /user: a user's own orders, fills, balances, positions and funding payments, live.
 *
 * The handshake must carry an access token in `auth: {token}` (a namespace
 * middleware verifies it like the HTTP guard does: signature, issuer,
 * audience, expiry, then the session and the account), or a bot's listen key
 * in `auth: {listenKey}` (UserListenKeys: the socket then follows the key); a
 * token in the query string is refused, and so is a user's socket beyond
 * WS_MAX_SOCKETS_PER_USER here. The socket joins `user:<userId>`, `session:<id>`.
 *
 * A socket lives as long as its token: at the token's expiry it gets `error`
 * {code: 'TOKEN_EXPIRED'} and is disconnected, unless it sent `authenticate
 * {token}` with a fresh token of the same user before, which extends it to
 * that token's expiry.
 *
 * Events come from the outbox relay, which every instance receives; each
 * instance emits to its own sockets (`server.local`), once per event to the
 * user's room. Each message carries `seq`, the event's outbox position;
 * `resume {since}` answers with the user's events after it, read back from
 * the outbox under a per-user budget (UserResume).
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
  private readonly perUser: ConnectionQuota;
  private readonly resumes: UserResume;
  private readonly listenKeys: UserListenKeys;
  /** Sockets of this instance per session. */
  private readonly sessions = new Map<string, { readonly userId: string; sockets: number }>();
  /** Each socket's expiry timer. */
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribes: (() => void)[] = [];
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | undefined;
  private lastMissingPosition = 0;
  private readonly positionView = (payload: PositionChangedV1) => this.queries.execute(new GetPositionChangeViewQuery(payload));

  constructor(
    private readonly queries: QueryBus,
    private readonly relay: OutboxRelay,
    outbox: OutboxUserEvents,
    config: AppConfig,
  ) {
    this.caps = new SocketCaps({ maxSubscriptions: config.realtime.maxSubscriptionsPerSocket, maxMessagesPerSecond: config.realtime.maxMessagesPerSecond });
    this.verification = accessTokenVerification(config);
    this.perUser = new ConnectionQuota(config.realtime.maxSocketsPerUser);
    this.resumes = new UserResume(outbox, config, this.positionView);
    this.listenKeys = new UserListenKeys(queries);
  }

  onModuleInit(): void {
    for (const type of STREAM_TYPES) this.unsubscribes.push(this.relay.subscribe(type, (event) => this.onEvent(event)));
    this.unsubscribes.push(this.relay.subscribe(LISTEN_KEYS_CLOSED, (event) => this.listenKeys.closed(event.payload.listenKeyIds, this.drop)));
    this.recheckTimer = setInterval(() => void this.recheckSessions(), USER_SESSION_RECHECK_MS);
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    clearInterval(this.recheckTimer);
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
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
    this.perUser.add(socket as unknown as Socket, userId);
    this.caps.attach(socket as unknown as Socket);
    void socket.join([userRoom(userId), sessionRoom(sessionId)]);
    this.countSession(sessionId, userId, 1);
    this.scheduleExpiry(socket);
  }

  handleDisconnect(socket: UserSocket): void {
    this.perUser.remove(socket as unknown as Socket);
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
    if (socket.data.sessionId) this.countSession(socket.data.sessionId, socket.data.userId, -1);
  }

  @SubscribeMessage('resume')
  resume(@ConnectedSocket() socket: UserSocket, @MessageBody() body: unknown): Promise<ResumeAck> {
    return this.resumes.resume(socket.data.userId, body);
  }

  /**
   * A fresh access token for this socket (e.g. after a refresh): the same
   * user, verified like the handshake's; the socket then lives until its
   * expiry (and follows its session). A refusal leaves the socket as it was.
   */
  @SubscribeMessage('authenticate')
  async reauthenticate(@ConnectedSocket() socket: UserSocket, @MessageBody() body: unknown): Promise<AuthenticateAck> {
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') return { ok: false, error: { code: 'INVALID_REQUEST', message: 'Send {token: accessToken}' } };
    if (socket.data.listenKeyId) return { ok: false, error: { code: 'INVALID_REQUEST', message: 'This socket follows its listen key: keep the key alive with PUT /api/v1/user-stream' } };
    let claims: AccessClaims;
    try {
      claims = await this.verify(token);
    } catch (error) {
      if (error instanceof UserConnectError) return { ok: false, error: error.data };
      this.logger.warn(`re-authenticating a /user socket failed: ${String(error)}`);
      return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Could not authenticate now; try again' } };
    }
    const { userId, sessionId } = socket.data;
    if (claims.userId !== userId) return { ok: false, error: { code: 'WRONG_USER', message: 'The token is another user\'s: a socket stays with its user' } };
    if (!socket.connected) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'The socket is closed' } };
    if (claims.sessionId !== sessionId) {
      this.countSession(sessionId, userId, -1);
      await socket.leave(sessionRoom(sessionId));
      await socket.join(sessionRoom(claims.sessionId));
      this.countSession(claims.sessionId, userId, 1);
    }
    Object.assign(socket.data, { sessionId: claims.sessionId, expiresAt: Math.max(socket.data.expiresAt, claims.expiresAt) });
    this.scheduleExpiry(socket);
    return { ok: true, expiresAt: new Date(socket.data.expiresAt).toISOString() };
  }

  /**
   * Checks every session with a socket on this instance; a session that no
   * longer authenticates (account suspended, logged out, expired) has its
   * sockets told why and disconnected. Runs on a timer; callable (tests).
   */
  recheckSessions(): Promise<void> {
    this.rechecking ??= (async () => {
      try {
        const entries = [...this.sessions.entries()].filter(([sessionId]) => !isListenKeySession(sessionId));
        await this.listenKeys.recheck([...this.sessions.keys()].filter(isListenKeySession), this.drop);
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
      this.drop(sessionId, { code: error.code, message: error.message });
    }
  }

  /** A session's (or a listen key's) sockets on this instance are told why, then disconnected. */
  private readonly drop = (sessionId: string, why: { code: string; message: string }): void => {
    const room = this.server.local.in(sessionRoom(sessionId));
    room.emit('error', why);
    room.disconnectSockets(true);
  };

  private async authenticate(socket: UserSocket): Promise<void> {
    const { query, auth } = socket.handshake;
    assertNoTokenInQuery(query);
    const claims = (await this.listenKeys.claims(auth)) ?? (await this.verify((auth as { token?: unknown } | undefined)?.token));
    // Checked last, with nothing async before the connection: the count cannot be raced past.
    if (!this.perUser.allows(claims.userId)) {
      throw new UserConnectError('TOO_MANY_CONNECTIONS', `A user holds at most ${this.perUser.max} /user sockets on a server; close one first`);
    }
    Object.assign(socket.data, claims);
  }

  /** The token's claims once its session and account are checked (AuthenticateSessionQuery); a refusal throws UserConnectError. */
  private async verify(token: unknown): Promise<AccessClaims> {
    const claims = verifyAccessToken(token, this.verification, 'The access token has expired: refresh it and connect again');
    try {
      const principal = await this.queries.execute(new AuthenticateSessionQuery(claims.userId, claims.sessionId));
      return { userId: principal.userId, sessionId: principal.sessionId, expiresAt: claims.expiresAt };
    } catch (error) {
      if (error instanceof AuthError && ['UNAUTHENTICATED', 'SESSION_REVOKED', 'ACCOUNT_SUSPENDED'].includes(error.code)) {
        throw new UserConnectError(error.code as UserConnectErrorCode, error.message);
      }
      throw error;
    }
  }

  /** At the token's expiry: `error` {code: 'TOKEN_EXPIRED'}, then the disconnect (unless `authenticate` extended it meanwhile). */
  private scheduleExpiry(socket: UserSocket): void {
    clearTimeout(this.expiries.get(socket.id));
    const left = socket.data.expiresAt - Date.now();
    const timer = setTimeout(() => {
      this.expiries.delete(socket.id);
      if (!socket.connected) return;
      if (socket.data.expiresAt > Date.now()) return this.scheduleExpiry(socket);
      if (socket.data.listenKeyId) return void this.listenKeys.expire(socket, () => this.scheduleExpiry(socket));
      socket.emit('error', { code: 'TOKEN_EXPIRED', message: 'The access token has expired: send authenticate {token} with a fresh one before it expires, or reconnect' });
      socket.disconnect(true);
    }, Math.min(Math.max(left, 0), MAX_TIMER_MS));
    timer.unref();
    this.expiries.set(socket.id, timer);
  }

  private countSession(sessionId: string, userId: string, delta: number): void {
    const session = this.sessions.get(sessionId) ?? { userId, sockets: 0 };
    session.sockets += delta;
    if (session.sockets <= 0) this.sessions.delete(sessionId);
    else this.sessions.set(sessionId, session);
  }

  private unexpected(error: unknown): Error {
    this.logger.error(`authenticating a /user socket failed: ${String(error)}`);
    const refused = new Error('Could not authenticate now; try again') as Error & { data: unknown };
    refused.data = { code: 'UNAVAILABLE', message: refused.message };
    return refused;
  }

  /** A relayed event to the owner's room on this instance (no-op without a socket of the user here); a position is valued first (not sent when that fails: `resume` finds it). */
  private onEvent(event: StreamEvent): void {
    const server = this.server;
    const userId = event.payload.userId;
    if (!server || typeof userId !== 'string') return;
    const room = userRoom(userId);
    if ((server.adapter.rooms.get(room)?.size ?? 0) === 0) return;
    if (event.type !== POSITION_CHANGED) return this.emit(room, event, toMessage(event));
    messageOf(event, this.positionView).then((m) => this.emit(room, event, m), (e: unknown) => this.logger.warn(`${event.type} ${event.eventId}: no position view, not sent (${String(e)})`));
  }

  private emit(room: string, event: StreamEvent, message: ResumedEvent | undefined): void {
    if (!message) {
      // An event without a position (relayed by an older instance): it cannot be sequenced; `resume` finds it.
      if (Date.now() - this.lastMissingPosition > 60_000) this.logger.warn(`${event.type} ${event.eventId} has no outbox position: not streamed`);
      this.lastMissingPosition = Date.now();
      return;
    }
    emitMessage(this.server.local.to(room), message);
  }
}

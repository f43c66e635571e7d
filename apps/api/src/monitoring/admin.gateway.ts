import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { AccessTokenVerification, AuthError, AuthenticateSessionQuery, Role, accessTokenVerification, type Principal } from '@lib/auth';
import { AppConfig } from '@lib/platform';
import type { Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import { UserConnectError, assertNoTokenInQuery, verifyAccessToken } from '../realtime/user-token';
import type { AdminConnectErrorCode, AdminInterServerEvents, AdminServerToClientEvents, AdminSocketData } from './admin.events';
import { AdminMonitor, type AdminNamespace } from './admin-monitor';

type AdminSocket = Socket<Record<string, never>, AdminServerToClientEvents, AdminInterServerEvents, AdminSocketData>;

/** A refused /admin handshake: `connect_error` with {message, data: {code, message}}. */
export class AdminConnectError extends Error {
  readonly data: { readonly code: AdminConnectErrorCode; readonly message: string };

  constructor(code: AdminConnectErrorCode, message: string) {
    super(message);
    this.data = { code, message };
  }
}

const SESSION_CODES = new Set<string>(['UNAUTHENTICATED', 'SESSION_REVOKED', 'ACCOUNT_SUSPENDED']);

/**
 * /admin: the operators' live view (docs/admin-monitoring.md). The handshake
 * carries an ADMIN's access token in `auth: {token}`; anyone else gets
 * `connect_error` {code: ADMIN_REQUIRED | UNAUTHENTICATED | TOKEN_EXPIRED |
 * SESSION_REVOKED | ACCOUNT_SUSPENDED | TOKEN_IN_QUERY}. The sockets receive
 * `metrics`, `activity` and `alert` (AdminMonitor); nothing is sent to the
 * server. Every ADMIN_SESSION_RECHECK_MS each socket's session is checked
 * again: a suspended or demoted admin, a revoked session or an expired token
 * gets `error` {code} and is disconnected.
 */
@Public()
@WebSocketGateway({ namespace: '/admin' })
export class AdminGateway implements OnGatewayInit, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() server!: AdminNamespace;
  private readonly logger = new Logger('AdminGateway');
  private readonly verification: AccessTokenVerification;
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | undefined;

  constructor(
    private readonly queries: QueryBus,
    private readonly monitor: AdminMonitor,
    private readonly config: AppConfig,
  ) {
    this.verification = accessTokenVerification(config);
  }

  afterInit(server: AdminNamespace): void {
    server.use((socket, next) => {
      this.authenticate(socket as AdminSocket).then(
        () => next(),
        (error: unknown) => next(error instanceof AdminConnectError ? error : this.unexpected(error)),
      );
    });
    this.monitor.attach(server);
  }

  onModuleInit(): void {
    this.recheckTimer = setInterval(() => void this.recheckSessions(), this.config.monitoring.sessionRecheckMs);
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.recheckTimer);
  }

  /** Checks every /admin socket of this instance again; the ones no longer an admin's are told why and disconnected. */
  recheckSessions(): Promise<void> {
    this.rechecking ??= (async () => {
      try {
        const sockets = [...this.server.sockets.values()] as AdminSocket[];
        await Promise.all(sockets.map((socket) => this.recheck(socket)));
      } finally {
        this.rechecking = undefined;
      }
    })();
    return this.rechecking;
  }

  private async recheck(socket: AdminSocket): Promise<void> {
    const { userId, sessionId, expiresAt } = socket.data;
    let refusal: AdminConnectError | undefined;
    if (expiresAt <= Date.now()) refusal = new AdminConnectError('TOKEN_EXPIRED', 'The access token has expired: connect again with a fresh one');
    else {
      try {
        refusal = adminRefusal(await this.queries.execute(new AuthenticateSessionQuery(userId, sessionId)));
      } catch (error) {
        // Only a definite "no": a database hiccup keeps the socket.
        if (!(error instanceof AuthError)) return void this.logger.warn(`admin session re-check failed: ${String(error)}`);
        refusal = new AdminConnectError(SESSION_CODES.has(error.code) ? (error.code as AdminConnectErrorCode) : 'UNAUTHENTICATED', error.message);
      }
    }
    if (!refusal) return;
    socket.emit('error', refusal.data);
    socket.disconnect(true);
  }

  private async authenticate(socket: AdminSocket): Promise<void> {
    try {
      assertNoTokenInQuery(socket.handshake.query);
      const claims = verifyAccessToken((socket.handshake.auth as { token?: unknown } | undefined)?.token, this.verification, 'The access token has expired: refresh it and connect again');
      const principal = await this.queries.execute(new AuthenticateSessionQuery(claims.userId, claims.sessionId));
      const refusal = adminRefusal(principal);
      if (refusal) throw refusal;
      Object.assign(socket.data, { userId: principal.userId, sessionId: principal.sessionId, expiresAt: claims.expiresAt });
    } catch (error) {
      if (error instanceof UserConnectError) throw new AdminConnectError(error.data.code as AdminConnectErrorCode, error.data.message);
      if (error instanceof AuthError && SESSION_CODES.has(error.code)) throw new AdminConnectError(error.code as AdminConnectErrorCode, error.message);
      throw error;
    }
  }

  private unexpected(error: unknown): AdminConnectError {
    this.logger.warn(`authenticating an /admin socket failed: ${String(error)}`);
    return new AdminConnectError('UNAUTHENTICATED', 'Could not authenticate now; try again');
  }
}

function adminRefusal(principal: Principal): AdminConnectError | undefined {
  return principal.role === Role.ADMIN ? undefined : new AdminConnectError('ADMIN_REQUIRED', 'Only an ADMIN account may connect to /admin');
}

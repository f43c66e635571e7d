import { Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuthError, AuthenticateListenKeyQuery, GetListenKeyStatusesQuery, ListenKeyStatus } from '@lib/auth';
import { AccessClaims, UserConnectError } from './user-token';

/** A listen-key socket's "session": one per key, so its sockets share a room and a re-check. */
const SESSION_PREFIX = 'listen-key:';
/** Keys read back in one query by the re-check. */
const STATUS_BATCH = 500;
/** After a failed read at a key's expiry, the socket is kept and the key read again this much later. */
const RETRY_MS = 5_000;

export const listenKeySession = (listenKeyId: string): string => `${SESSION_PREFIX}${listenKeyId}`;
export const isListenKeySession = (sessionId: string): boolean => sessionId.startsWith(SESSION_PREFIX);

/** What a socket is told before it is disconnected. */
export interface Refusal {
  readonly code: 'LISTEN_KEY_EXPIRED' | 'LISTEN_KEY_CLOSED' | 'ACCOUNT_SUSPENDED';
  readonly message: string;
}

const EXPIRED: Refusal = { code: 'LISTEN_KEY_EXPIRED', message: 'The listen key has expired: keep it alive with PUT /api/v1/user-stream before it expires, or create one and reconnect' };
const CLOSED: Refusal = { code: 'LISTEN_KEY_CLOSED', message: 'The listen key was closed (deleted, replaced by newer keys, or its API key or session ended): create one and reconnect' };
const SUSPENDED: Refusal = { code: 'ACCOUNT_SUSPENDED', message: 'This account is suspended' };

/** The refusal a key's status calls for; null while it is usable. An id with no status is no key. */
export function refusalOf(status: ListenKeyStatus | undefined): Refusal | null {
  if (!status) return CLOSED;
  if (status.accountSuspended) return SUSPENDED;
  return status.state === 'LIVE' ? null : status.state === 'EXPIRED' ? EXPIRED : CLOSED;
}

/** What `expire` needs of a socket. */
export interface ListenKeySocket {
  readonly connected: boolean;
  readonly data: { expiresAt: number; readonly listenKeyId?: string };
  emit(event: 'error', refusal: Refusal): unknown;
  disconnect(close: boolean): unknown;
}

/** A socket opened with a listen key: its claims, and the key's id (its SHA-256) to follow it by. */
export interface ListenKeyClaims extends AccessClaims {
  readonly listenKeyId: string;
}

/**
 * /user sockets opened with `auth: {listenKey}` (docs/api-keys.md, "Listen
 * key") instead of a token. The key is resolved to its owner at the handshake;
 * then the socket follows the key, not a token: at the key's expiry it is read
 * again (a PUT on any instance moved it: the socket stays), closing it (DELETE,
 * an eviction: auth.ListenKeysClosed) disconnects at once, and the gateway's
 * periodic re-check reads every key held here (a suspended owner, a revoked
 * API key or an ended session end it).
 */
export class UserListenKeys {
  private readonly logger = new Logger('UserListenKeys');

  constructor(private readonly queries: QueryBus) {}

  /**
   * The handshake's claims when its auth carries a listen key, else null (a
   * token then). Refusals: UNAUTHENTICATED (a token too), LISTEN_KEY_NOT_FOUND,
   * ACCOUNT_SUSPENDED.
   */
  async claims(auth: { token?: unknown; listenKey?: unknown } | undefined): Promise<ListenKeyClaims | null> {
    if (auth?.listenKey === undefined) return null;
    if (auth.token !== undefined) throw new UserConnectError('UNAUTHENTICATED', 'Send a token or a listenKey in the handshake auth, not both');
    try {
      const grant = await this.queries.execute(new AuthenticateListenKeyQuery(auth.listenKey));
      return { userId: grant.userId, sessionId: listenKeySession(grant.listenKeyId), expiresAt: grant.expiresAt.getTime(), listenKeyId: grant.listenKeyId };
    } catch (error) {
      if (error instanceof AuthError && error.code === 'ACCOUNT_SUSPENDED') throw new UserConnectError('ACCOUNT_SUSPENDED', error.message);
      if (error instanceof AuthError && error.code === 'LISTEN_KEY_NOT_FOUND') {
        throw new UserConnectError('LISTEN_KEY_NOT_FOUND', 'No such live listen key: create one with POST /api/v1/user-stream (unknown, closed and expired keys are refused alike)');
      }
      throw error;
    }
  }

  /**
   * A socket at its key's expiry: kept until the key's new expiry when it was
   * extended (a PUT on any instance; `reschedule` sets the timer), else told
   * why and disconnected.
   */
  async expire(socket: ListenKeySocket, reschedule: () => void): Promise<void> {
    const outcome = await this.atExpiry(socket.data.listenKeyId ?? '');
    if (!socket.connected) return;
    if ('expiresAt' in outcome) {
      socket.data.expiresAt = outcome.expiresAt;
      return reschedule();
    }
    socket.emit('error', outcome);
    socket.disconnect(true);
  }

  /** The key's expiry now (later when it was extended), or why its sockets end. */
  private async atExpiry(listenKeyId: string): Promise<{ readonly expiresAt: number } | Refusal> {
    try {
      const [status] = await this.queries.execute(new GetListenKeyStatusesQuery([listenKeyId]));
      return refusalOf(status) ?? { expiresAt: status!.expiresAt.getTime() };
    } catch (error) {
      // A database hiccup keeps the socket (as the session re-check does): read again shortly.
      this.logger.warn(`reading a listen key at its expiry failed: ${String(error)}`);
      return { expiresAt: Date.now() + RETRY_MS };
    }
  }

  /** Reads the keys of these listen-key sessions (in batches) and calls `drop` for each that must end. */
  async recheck(sessionIds: readonly string[], drop: (sessionId: string, refusal: Refusal) => void): Promise<void> {
    for (let i = 0; i < sessionIds.length; i += STATUS_BATCH) {
      const ids = sessionIds.slice(i, i + STATUS_BATCH).map((s) => s.slice(SESSION_PREFIX.length));
      let statuses: ListenKeyStatus[];
      try {
        statuses = await this.queries.execute(new GetListenKeyStatusesQuery(ids));
      } catch (error) {
        this.logger.warn(`listen key re-check failed: ${String(error)}`);
        return;
      }
      const byId = new Map(statuses.map((s) => [s.listenKeyId, s]));
      for (const id of ids) {
        const refusal = refusalOf(byId.get(id));
        if (refusal) drop(listenKeySession(id), refusal);
      }
    }
  }

  /** Keys closed on some instance (auth.ListenKeysClosed): their sockets here end now. */
  closed(listenKeyIds: readonly string[], drop: (sessionId: string, refusal: Refusal) => void): void {
    for (const id of listenKeyIds) drop(listenKeySession(id), CLOSED);
  }
}

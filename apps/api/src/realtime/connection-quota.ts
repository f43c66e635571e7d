import { Injectable } from '@nestjs/common';
import { AppConfig, TrustProxy } from '@lib/platform';
import { Socket } from 'socket.io';
import { clientAddress } from '../http/rate-limit/trust-proxy';

/** What a refused handshake gives the client's `connect_error`: `message`, and `data: {code, message}`. */
export class SocketConnectError extends Error {
  readonly data: { readonly code: string; readonly message: string };

  constructor(code: string, message: string) {
    super(message);
    this.data = { code, message };
  }
}

/**
 * Connected sockets per key (an IP, a user) on this instance, with a cap.
 * A namespace middleware asks `allows` (the last step of the handshake, so
 * nothing async runs between it and the connection), the gateway counts the
 * socket on connection and releases it on disconnect.
 */
export class ConnectionQuota {
  private readonly counts = new Map<string, number>();
  private readonly keys = new WeakMap<Socket, string>();

  constructor(readonly max: number) {}

  allows(key: string): boolean {
    return (this.counts.get(key) ?? 0) < this.max;
  }

  add(socket: Socket, key: string): void {
    this.keys.set(socket, key);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(socket: Socket): void {
    const key = this.keys.get(socket);
    if (key === undefined) return;
    this.keys.delete(socket);
    const left = (this.counts.get(key) ?? 1) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * The public namespaces' (/prices, /market) sockets per client IP, counted
 * together: an IP that opens WS_MAX_SOCKETS_PER_IP sockets gets
 * `connect_error` {code: 'TOO_MANY_CONNECTIONS'} for the next one. Behind a
 * proxy (TRUST_PROXY) the IP is the first X-Forwarded-For address.
 */
@Injectable()
export class PublicSocketQuota {
  private readonly quota: ConnectionQuota;

  constructor(private readonly config: AppConfig) {
    this.quota = new ConnectionQuota(config.realtime.maxSocketsPerIp);
  }

  /** The namespace middleware: refuses the handshake of an IP at its cap. */
  readonly middleware = (socket: Socket, next: (error?: Error) => void): void => {
    if (this.quota.allows(clientIp(socket, this.config.http.trustProxy))) return next();
    next(new SocketConnectError('TOO_MANY_CONNECTIONS', `This address holds at most ${this.quota.max} sockets on /prices and /market together; close one first`));
  };

  /** Counts a connected socket (OnGatewayConnection). */
  connected(socket: Socket): void {
    this.quota.add(socket, clientIp(socket, this.config.http.trustProxy));
    socket.once('disconnect', () => this.quota.remove(socket));
  }
}

export function clientIp(socket: Socket, trustProxy: TrustProxy): string {
  return clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trustProxy);
}

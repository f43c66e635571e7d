import { Logger } from '@nestjs/common';
import { Socket } from 'socket.io';

export interface SocketCapsOptions {
  /** Rooms (subscriptions) one socket may hold. */
  readonly maxSubscriptions: number;
  /** Incoming events per socket per second. */
  readonly maxMessagesPerSecond: number;
}

/** What a refused socket receives as `error` before it is disconnected. */
export interface SocketErrorMessage {
  readonly code: 'RATE_LIMITED' | 'TOO_MANY_SUBSCRIPTIONS' | string;
  readonly message: string;
}

const WINDOW_MS = 1000;
const REFUSED = Symbol('refused');

/**
 * Per-socket limits shared by every namespace: incoming messages per second
 * (a fixed one-second window) and subscriptions. Exceeding either sends an
 * `error` event {code, message}, then disconnects the socket.
 */
export class SocketCaps {
  private readonly logger = new Logger('SocketCaps');

  constructor(readonly options: SocketCapsOptions) {}

  /** Counts every incoming event of the socket; call once, on connection. */
  attach(socket: Socket): void {
    let windowStart = Date.now();
    let count = 0;
    socket.use((_packet, next) => {
      if (isRefused(socket)) return;
      const now = Date.now();
      if (now - windowStart >= WINDOW_MS) {
        windowStart = now;
        count = 0;
      }
      count += 1;
      if (count > this.options.maxMessagesPerSecond) {
        this.refuse(socket, { code: 'RATE_LIMITED', message: `More than ${this.options.maxMessagesPerSecond} messages per second` });
        return;
      }
      next();
    });
  }

  /** False (and the socket refused) when holding `total` subscriptions would exceed the cap. */
  allowSubscriptions(socket: Socket, total: number): boolean {
    if (total <= this.options.maxSubscriptions) return true;
    this.refuse(socket, { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${this.options.maxSubscriptions} subscriptions per connection` });
    return false;
  }

  /** Sends `error`, then disconnects (after the error is flushed: engine.io writes it before closing). */
  refuse(socket: Socket, error: SocketErrorMessage): void {
    if (isRefused(socket)) return;
    (socket as unknown as Record<symbol, boolean>)[REFUSED] = true;
    this.logger.debug(`refusing socket ${socket.id}: ${error.code}`);
    socket.emit('error', error);
    socket.disconnect(true);
  }
}

export function isRefused(socket: Socket): boolean {
  return (socket as unknown as Record<symbol, boolean>)[REFUSED] === true;
}

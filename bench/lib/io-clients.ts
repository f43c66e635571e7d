import { Socket, io } from 'socket.io-client';

/**
 * Many socket.io-client sockets in the bench process: each its own connection (`forceNew`: no
 * multiplexing over one engine), WebSocket transport only (no long-polling upgrade dance), no
 * reconnection (a dropped socket is a finding, not something to paper over), to 127.0.0.1.
 */

export interface ConnectOptions {
  readonly port: number;
  readonly namespace: '/market' | '/user';
  readonly count: number;
  /** The handshake `auth` of socket i (the /user access token). */
  readonly auth?: (i: number) => Record<string, unknown>;
  /** Handlers installed before the connection, so nothing sent at once is missed. */
  readonly setup?: (socket: Socket, i: number) => void;
  /** Connections opened at once. */
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

export async function connectMany(o: ConnectOptions): Promise<Socket[]> {
  const sockets = new Array<Socket>(o.count);
  const concurrency = o.concurrency ?? 100;
  const timeoutMs = o.timeoutMs ?? 20_000;
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < o.count) {
      const i = next++;
      const socket = io(`http://127.0.0.1:${o.port}${o.namespace}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: timeoutMs,
        auth: o.auth?.(i),
      });
      o.setup?.(socket, i);
      sockets[i] = socket;
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('connect', done);
          socket.off('connect_error', fail);
          resolve();
        };
        const fail = (error: Error) => {
          failures.push(error.message);
          done();
        };
        socket.once('connect', done);
        socket.once('connect_error', fail);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, o.count) }, worker));
  if (failures.length > 0) {
    closeAll(sockets);
    throw new Error(`${failures.length} of ${o.count} ${o.namespace} sockets failed to connect (first: ${failures[0]})`);
  }
  return sockets;
}

/** Emits `event` with `body` on every socket and waits for every ack (in slices of `concurrency`). */
export async function emitAll<T>(sockets: readonly Socket[], event: string, body: unknown, concurrency = 200, timeoutMs = 30_000): Promise<T[]> {
  const out = new Array<T>(sockets.length);
  let next = 0;
  const worker = async () => {
    while (next < sockets.length) {
      const i = next++;
      out[i] = (await sockets[i]!.timeout(timeoutMs).emitWithAck(event, body)) as T;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sockets.length) }, worker));
  return out;
}

export function closeAll(sockets: readonly (Socket | undefined)[]): void {
  for (const socket of sockets) socket?.disconnect();
}

export function connectedCount(sockets: readonly Socket[]): number {
  let n = 0;
  for (const s of sockets) if (s.connected) n++;
  return n;
}

/**
 * The reference of the stream scenarios: a bare Socket.IO server (the `socket.io` package alone: no
 * Nest, no database, no relay), run as a child process of the bench like the app, on 127.0.0.1.
 * It speaks the two namespaces the way the app's gateways do, so the same clients measure both:
 *
 * - `/market`: `subscribe {symbol, channels}` joins `market:<symbol>:<channel>` and acks
 *   `{subscriptions}`; trades sent by the bench over IPC are batched per symbol and emitted to the
 *   `trades` room once per tick (MARKET_TICK_MS after the first trade of a quiet period), as
 *   MarketStream does: `trade {symbol, trades}`. `blast` emits a number of one-trade messages to a
 *   room as fast as the server can (the capacity figure of issue 6: ~80-90k deliveries/s at 1,000
 *   subscribers on these machines).
 * - `/user`: the handshake's `auth.token` is taken as the user id (no JWT: the reference measures
 *   delivery, not authentication); the socket joins `user:<id>`; events sent by the bench over IPC
 *   are emitted at once to that room, as UserGateway does.
 *
 * Same engine settings as the app (RealtimeIoAdapter): pingInterval 10 s, pingTimeout 5 s,
 * maxHttpBufferSize 64 KiB, no compression. Started by `startBareIoServer()` below; exits when
 * the bench disconnects.
 */
import { ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';

/** As MarketStream (apps/api/src/realtime/market.stream.ts). */
export const BARE_TICK_MS = 100;

export type BareCommand =
  /** `tickMs`: the batching tick (default BARE_TICK_MS; 0: one message per trade at once). */
  | { readonly cmd: 'trade'; readonly trade: { readonly symbol: string } & Record<string, unknown>; readonly tickMs?: number }
  | { readonly cmd: 'user'; readonly userId: string; readonly event: string; readonly message: unknown }
  | { readonly cmd: 'blast'; readonly symbol: string; readonly count: number; readonly trade: Record<string, unknown> }
  | { readonly cmd: 'reset' }
  | { readonly cmd: 'stats' };

export interface BareStats {
  readonly elapsedMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly sockets: number;
  /** Room emits since the reset (one per message, whatever the room's size). */
  readonly emits: number;
}

function serve(send: (message: unknown) => void): void {
  const http = createServer();
  const io = new Server(http, { pingInterval: 10_000, pingTimeout: 5_000, maxHttpBufferSize: 64 * 1024, cors: { origin: true } });
  const market = io.of('/market');
  const user = io.of('/user');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let windowStart = process.hrtime.bigint();
  let cpuStart = process.cpuUsage();
  let emits = 0;

  market.on('connection', (socket) => {
    socket.on('subscribe', (body: { symbol?: unknown; channels?: unknown } | undefined, ack?: (a: unknown) => void) => {
      const symbol = typeof body?.symbol === 'string' ? body.symbol.toUpperCase() : '';
      const channels = Array.isArray(body?.channels) ? (body.channels as unknown[]).filter((c): c is string => typeof c === 'string') : [];
      void socket.join(channels.map((c) => `market:${symbol}:${c}`));
      if (typeof ack === 'function') ack({ subscriptions: [{ symbol, channels }] });
    });
  });
  user.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') return next(new Error('token required'));
    (socket.data as { userId: string }).userId = token;
    next();
  });
  user.on('connection', (socket) => void socket.join(`user:${(socket.data as { userId: string }).userId}`));

  const pending = new Map<string, unknown[]>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    for (const [symbol, trades] of pending) {
      market.local.to(`market:${symbol}:trades`).emit('trade', { symbol, trades });
      emits++;
    }
    pending.clear();
  };

  process.on('message', (raw: unknown) => {
    const request = raw as BareCommand & { id?: number };
    const reply = (result: unknown) => send({ id: request.id, result });
    switch (request.cmd) {
      case 'trade': {
        if (request.tickMs === 0) {
          market.local.to(`market:${request.trade.symbol}:trades`).emit('trade', { symbol: request.trade.symbol, trades: [request.trade] });
          emits++;
          return;
        }
        const list = pending.get(request.trade.symbol) ?? [];
        list.push(request.trade);
        pending.set(request.trade.symbol, list);
        timer ??= setTimeout(flush, request.tickMs ?? BARE_TICK_MS);
        return;
      }
      case 'user':
        user.local.to(`user:${request.userId}`).emit(request.event, request.message);
        emits++;
        return;
      case 'blast': {
        const room = market.local.to(`market:${request.symbol}:trades`);
        let k = 0;
        // In slices, so the IPC channel and the ping timers still run.
        const step = () => {
          const end = Math.min(request.count, k + 20);
          for (; k < end; k++) {
            room.emit('trade', { symbol: request.symbol, trades: [{ ...request.trade, id: `blast-${k}` }] });
            emits++;
          }
          if (k < request.count) setImmediate(step);
          else reply(true);
        };
        step();
        return;
      }
      case 'reset':
        delay.reset();
        windowStart = process.hrtime.bigint();
        cpuStart = process.cpuUsage();
        emits = 0;
        reply(true);
        return;
      case 'stats': {
        const cpu = process.cpuUsage(cpuStart);
        const stats: BareStats = {
          elapsedMs: Number(process.hrtime.bigint() - windowStart) / 1e6,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          eventLoopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
          sockets: io.engine.clientsCount,
          emits,
        };
        reply(stats);
        return;
      }
    }
  });
  process.on('disconnect', () => process.exit(0));
  http.listen(0, '127.0.0.1', () => {
    const address = http.address();
    send({ ready: true, port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
}

export interface BareIoServer {
  readonly port: number;
  readonly pid: number;
  /** Fire and forget (trades, user events): the time the bench sends is the reference's "commit". */
  post(command: Extract<BareCommand, { cmd: 'trade' | 'user' }>): void;
  blast(symbol: string, count: number, trade: Record<string, unknown>): Promise<true>;
  reset(): Promise<true>;
  stats(): Promise<BareStats>;
  stop(): Promise<void>;
}

export async function startBareIoServer(): Promise<BareIoServer> {
  const child: ChildProcess = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { BARE_IO_SERVER: '1' } });
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  let exited = false;
  child.once('exit', () => (exited = true));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare Socket.IO server did not start within 10 s')), 10_000);
    child.on('message', (raw: unknown) => {
      const message = raw as { ready?: boolean; port?: number; id?: number; result?: unknown };
      if (message.ready) {
        clearTimeout(timer);
        resolve(message.port!);
        return;
      }
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (waiter) {
        pending.delete(message.id!);
        waiter(message.result);
      }
    });
    child.once('exit', (code) => reject(new Error(`the bare Socket.IO server exited with ${code}`)));
  });
  const call = (command: BareCommand): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('the bare Socket.IO server has exited'));
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...command, id });
    });
  return {
    port,
    pid: child.pid!,
    post: (command) => {
      if (!exited) child.send(command);
    },
    blast: (symbol, count, trade) => call({ cmd: 'blast', symbol, count, trade }) as Promise<true>,
    reset: () => call({ cmd: 'reset' }) as Promise<true>,
    stats: () => call({ cmd: 'stats' }) as Promise<BareStats>,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

// eslint-disable-next-line no-restricted-properties -- set by startBareIoServer for the child only
if (process.env.BARE_IO_SERVER === '1' && typeof process.send === 'function') serve(process.send.bind(process) as (m: unknown) => void);

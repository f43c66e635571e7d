import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { AppConfig } from '@lib/platform';
import Redis, { RedisOptions } from 'ioredis';
import { Server, ServerOptions } from 'socket.io';

type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/** Commands the Redis adapter issues without handling a rejection: a rejected one must never reach the process. */
const UNGUARDED_COMMANDS = ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const;

/**
 * Socket.IO on the Fastify HTTP server, for every gateway (namespace).
 * With REDIS_URL set, the Redis adapter fans broadcasts out to the other
 * instances: a room emit on one instance reaches that room's sockets on all.
 *
 * Redis going away never crashes the process: both clients have error
 * handlers and reconnect forever; a broadcast published while Redis is down
 * is dropped for the other instances (local sockets still get it), and the
 * subscriber resubscribes when Redis is back.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly realtimeLogger = new Logger('Realtime');
  private readonly clients: Redis[] = [];
  private lastError: string | undefined;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /**
   * The server comes from the app's own socket.io (the version the gateways'
   * types and the Redis adapter are built against), not the copy nested in
   * @nestjs/platform-socket.io.
   */
  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const cors = this.config.http.corsOrigins;
    const settings: Partial<ServerOptions> = {
      ...(options as Partial<ServerOptions> | undefined),
      cors: cors === true ? { origin: true } : { origin: [...cors] },
      // Slow or dead clients are dropped rather than buffered for.
      pingInterval: 10_000,
      pingTimeout: 5_000,
      maxHttpBufferSize: 64 * 1024,
    };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, settings) : new Server(port, settings);
    const url = this.config.redis.url;
    if (url) {
      const base: RedisOptions = { retryStrategy: (attempt) => Math.min(attempt * 200, 3000), connectTimeout: 3000 };
      // Publishing never waits for a reconnect: a tick sent while Redis is down is simply not fanned out.
      const pub = this.guard(new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 }), 'publisher');
      const sub = this.guard(new Redis(url, { ...base, maxRetriesPerRequest: null }), 'subscriber');
      server.adapter(createAdapter(pub, sub, { key: `${this.config.redis.keyPrefix}socket.io` }));
      this.realtimeLogger.log('Socket.IO uses the Redis adapter');
    }
    return server as unknown as IoServer;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // QUIT waits for a connection: while Redis is unreachable it would hold the shutdown forever.
    await Promise.all(this.clients.splice(0).map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
  }

  private guard(client: Redis, role: string): Redis {
    this.clients.push(client);
    client.on('error', (error: Error) => this.warn(`Socket.IO Redis ${role}: ${error.message}`));
    client.on('ready', () => (this.lastError = undefined));
    const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const command of UNGUARDED_COMMANDS) {
      const original = target[command]!.bind(client);
      target[command] = (...args: unknown[]) => original(...args).catch((error: unknown) => this.warn(`Socket.IO Redis ${command}: ${String(error)}`));
    }
    return client;
  }

  private warn(message: string): void {
    if (message !== this.lastError) this.realtimeLogger.warn(message);
    this.lastError = message;
  }
}

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * The optional Redis client. Absent when REDIS_URL is not set; callers fall
 * back to in-process implementations. Connection errors are logged and
 * retried by ioredis, never thrown at the process.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  readonly client: Redis | undefined;
  private lastError: string | undefined;

  constructor(private readonly config: AppConfig) {
    const url = config.redis.url;
    if (!url) return;
    this.client = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectTimeout: 3000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 3000),
    });
    this.client.on('error', (error: Error) => {
      if (error.message !== this.lastError) this.logger.warn(`redis: ${error.message}`);
      this.lastError = error.message;
    });
    this.client.on('ready', () => {
      this.lastError = undefined;
      this.logger.log('redis connected');
    });
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  key(...parts: string[]): string {
    return this.config.redis.keyPrefix + parts.join(':');
  }

  async ping(timeoutMs = 1000): Promise<boolean> {
    if (!this.client) return false;
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const pong = this.client.ping().then((r) => r === 'PONG').catch(() => false);
    return Promise.race([pong, timeout]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}

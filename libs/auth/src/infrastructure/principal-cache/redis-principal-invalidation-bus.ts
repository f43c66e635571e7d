import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RedisConnection } from '@lib/platform';
import Redis from 'ioredis';
import { PrincipalInvalidation, PrincipalInvalidationBus } from '../../application/ports';

/**
 * Invalidations of the principal cache (and the API key cache behind it) on
 * `<prefix>auth:principal-invalidations`: `s:<session id>`, `u:<user id>`, `k:<API key id>`.
 * Fire and forget: while Redis is away, other instances see a revocation when
 * their cached row expires (AUTH_SESSION_CACHE_MS) instead of at once. An
 * instance also receives its own messages; invalidating twice is harmless.
 */
@Injectable()
export class RedisPrincipalInvalidationBus extends PrincipalInvalidationBus implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisPrincipalInvalidationBus.name);
  private readonly channel: string;
  private subscriber: Redis | undefined;
  private lastError: string | undefined;

  constructor(private readonly redis: RedisConnection) {
    super();
    this.channel = redis.key('auth', 'principal-invalidations');
  }

  publish(invalidation: PrincipalInvalidation): void {
    const message = 'sessionId' in invalidation ? `s:${invalidation.sessionId}` : 'apiKeyId' in invalidation ? `k:${invalidation.apiKeyId}` : `u:${invalidation.userId}`;
    this.redis.client?.publish(this.channel, message).then(
      () => {
        this.lastError = undefined;
      },
      (error: unknown) => this.warn('publishing an invalidation failed', error),
    );
  }

  /** A connection of its own (a subscribed connection can do nothing else); ioredis resubscribes after a reconnect. */
  listen(listener: (invalidation: PrincipalInvalidation) => void): void {
    const client = this.redis.client;
    if (!client || this.subscriber) return;
    const subscriber = client.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.warn('Redis subscriber', error));
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const id = message.slice(2);
      if (message.startsWith('s:')) listener({ sessionId: id });
      else if (message.startsWith('u:')) listener({ userId: id });
      else if (message.startsWith('k:')) listener({ apiKeyId: id });
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      if (this.subscriber) this.warn(`subscribing to ${this.channel} failed`, error);
    });
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private warn(what: string, error: unknown): void {
    const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    if (text !== this.lastError) this.logger.warn(text);
    this.lastError = text;
  }
}

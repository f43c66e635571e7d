import type Redis from 'ioredis';
import { LoggerService } from '@nestjs/common';
import { RedisConnection } from '../redis/redis-connection';
import { decodeBusMessage, encodeBusMessage } from './bus-message';
import { IntegrationEvent } from './integration-event';

/** How long the boot waits for the subscription before going on without it (ioredis keeps trying). */
const BUS_SUBSCRIBE_WAIT_MS = 2000;
/** Events dispatched per drain of what arrived from other instances (the size of a relay batch). */
const BUS_DRAIN_SIZE = 500;

/**
 * The relay's Redis fan-out (only when REDIS_URL is set): the relaying
 * instance publishes each batch on `<prefix>events`, and every instance
 * dispatches to its own subscribers what another instance relayed.
 */
export class OutboxBus {
  private readonly channel: string;
  private subscriber: Redis | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Events received from other instances, not yet dispatched. */
  private pending: IntegrationEvent[] = [];
  private drainQueued = false;
  private lastError: string | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly instanceId: string,
    private readonly dispatch: (events: readonly IntegrationEvent[]) => Promise<void>,
    private readonly stopping: () => boolean,
    private readonly logger: LoggerService,
  ) {
    this.channel = redis.key('events');
  }

  /** Stops listening and waits for the dispatch in progress. */
  async stop(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    await this.queue;
  }

  /** One pipelined PUBLISH per batch; failures are logged, never thrown. */
  publish(events: readonly IntegrationEvent[]): void {
    const client = this.redis.client;
    if (!client) return;
    const pipeline = client.pipeline();
    for (const event of events) pipeline.publish(this.channel, encodeBusMessage(this.instanceId, event));
    pipeline
      .exec()
      .then((results) => {
        const failure = results?.find(([error]) => error)?.[0];
        if (failure) throw failure;
        this.lastError = undefined;
      })
      .catch((error: unknown) => this.warning(`publishing ${events.length} event(s) on Redis failed`, error));
  }

  /**
   * Every instance listens on `<prefix>events` (a connection of its own: a
   * subscribed connection can do nothing else) and dispatches the events
   * another instance relayed. Waits a little for the subscription at boot,
   * then lets ioredis keep trying (it resubscribes after reconnecting).
   */
  async start(): Promise<void> {
    const client = this.redis.client;
    if (!client) return;
    const subscriber = client.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.warning('Redis subscriber', error));
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
    });
    const subscribed = subscriber.subscribe(this.channel).then(
      () => true,
      (error: unknown) => {
        if (!this.stopping()) this.warning(`subscribing to ${this.channel} failed`, error);
        return false;
      },
    );
    const waited = new Promise<false>((resolve) => setTimeout(() => resolve(false), BUS_SUBSCRIBE_WAIT_MS).unref());
    if (!(await Promise.race([subscribed, waited]))) {
      this.logger.warn(`not subscribed to ${this.channel} yet: events relayed by other instances arrive once Redis answers`);
    }
  }

  private onMessage(raw: string): void {
    if (this.stopping()) return;
    const message = decodeBusMessage(raw);
    if (!message) {
      this.warning('ignored a malformed message', new Error(raw.slice(0, 200)));
      return;
    }
    // This instance's relay dispatched its own events locally already.
    if (message.origin === this.instanceId) return;
    this.pending.push(message.event);
    this.queueDrain();
  }

  /**
   * One dispatch at a time, in arrival order: what arrived while the previous
   * one ran (a relay publishes a batch as one pipeline) goes out together, so
   * batch subscribers get batches here too.
   */
  private queueDrain(): void {
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.queue = this.queue.then(async () => {
      this.drainQueued = false;
      const events = this.pending.splice(0, BUS_DRAIN_SIZE);
      if (this.pending.length > 0) this.queueDrain();
      await this.dispatch(events);
    });
  }

  private warning(what: string, error: unknown): void {
    const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    if (text !== this.lastError) this.logger.warn(text);
    this.lastError = text;
  }
}

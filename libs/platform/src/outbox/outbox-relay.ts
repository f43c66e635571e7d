import { randomUUID } from 'node:crypto';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { LeadershipLease } from '../leadership/leadership-lease';
import { RedisConnection } from '../redis/redis-connection';
import { IntegrationEvent, IntegrationEventBatchHandler, IntegrationEventHandler } from './integration-event';
import { OutboxBus } from './outbox-bus';
import { OutboxCommitSignal } from './outbox-commit-signal';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxPruner } from './outbox-pruner';
import { OutboxRelayBatch } from './outbox-relay-batch';
import { outboxRelayLease } from './outbox-relay-lease';
import { OutboxRelayLoop } from './outbox-relay-loop';
import { OutboxRelayPause } from './outbox-relay-pause';
import { EventTypeFilter, OutboxSubscribers } from './outbox-subscribers';

export { OUTBOX_RELAY_LOCK_KEY } from './outbox-relay-lease';

export interface OutboxRelayStatus {
  /** This instance's relay id (Redis messages carry it). */
  readonly instanceId: string;
  /** Holds the lock: this instance relays the outbox. */
  readonly leader: boolean;
  /** Reads of the outbox since boot. */
  readonly polls: number;
  /** Events this instance relayed (published, cursor moved past them) since boot. */
  readonly relayed: number;
  /** Expired events this instance deleted since boot (OUTBOX_RETENTION_HOURS). */
  readonly pruned: number;
}

/**
 * Publishes committed outbox rows, at least once, in relay order (see
 * outbox-relay-batch.ts): to the in-process subscribers and the CQRS EventBus
 * of this instance and, when Redis is configured, on the channel
 * `<prefix>events`, from which every other instance dispatches them to its
 * own subscribers.
 *
 * One relay per database: it holds the `platform.outbox-relay` lease (a
 * LeadershipLease, on the advisory lock OUTBOX_RELAY_LOCK_KEY, with a
 * connection of its own outside the pool); the other instances try again
 * every LEADER_RETRY_MS and take over when the holder stops or dies. A batch
 * (up to OUTBOX_BATCH_SIZE rows) is read after the cursor and published, then
 * the cursor moves past it (one small UPDATE), both on the lease's session,
 * so a relay that lost the lock cannot move the cursor: a crash in between
 * publishes those events again (handlers are idempotent: ProcessedEvents).
 * Polls every OUTBOX_POLL_MS; a commit that appended events in this process
 * wakes it at once. Expired events are deleted beside it
 * (OUTBOX_RETENTION_HOURS).
 *
 * Two kinds of in-process subscribers, both awaited before the cursor moves
 * (the same at-least-once guarantee):
 * - `subscribe`: one event at a time, in relay order;
 * - `subscribeBatch`: the subscriber's events of the whole batch in one call,
 *   in relay order, so a consumer can apply them in one transaction instead
 *   of one per event. It runs alongside the per-event dispatch of that batch.
 *   Events received from another instance's relay over Redis reach batch
 *   subscribers as batches of what arrived together (at most
 *   OUTBOX_BATCH_SIZE), still in order.
 *
 * The Redis fan-out is best effort (pub/sub keeps nothing for an instance that
 * is disconnected), so effects that must happen subscribe on the relaying
 * instance: every instance subscribes the same handlers, and the one that
 * relays gets every event from the database.
 *
 * It stops before the application shuts down (before the pool and Redis
 * close): it finishes the event in hand, moves the cursor past what it
 * published and releases the lock. Events committed later (requests still
 * draining) wait for the next relay; nothing is lost.
 *
 * The parts (docs/architecture.md, "The outbox relay"): OutboxRelayLoop
 * (outbox-relay-loop.ts) runs OutboxRelayBatch (the read, the publication,
 * the cursor) while the lease (outbox-relay-lease.ts) is held, waiting with
 * OutboxRelayPause between reads; OutboxDispatcher hands events to this
 * instance's subscribers; OutboxBus is the Redis fan-out; OutboxPruner the
 * retention.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly instanceId = randomUUID();

  private readonly lease: LeadershipLease;
  private readonly pause: OutboxRelayPause;
  private readonly batch: OutboxRelayBatch;
  private readonly pruner: OutboxPruner;
  private readonly bus: OutboxBus;
  private readonly loop: OutboxRelayLoop;

  private started = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private removeCommitListener: (() => void) | undefined;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    config: AppConfig,
    redis: RedisConnection,
    private readonly subscribers: OutboxSubscribers,
    private readonly commits: OutboxCommitSignal,
    cls: ClsService,
    @Optional() eventBus?: EventBus,
  ) {
    const retryMs = config.market.leaderRetryMs;
    const dispatcher = new OutboxDispatcher(subscribers, cls, eventBus, this.logger);
    const stopping = (): boolean => this.stopping;
    this.lease = outboxRelayLease(dataSource, retryMs, this.logger);
    this.pause = new OutboxRelayPause(config.outbox.minIntervalMs);
    // What other instances relayed: each batch to the end (only the relay's own reads stop with the event in hand).
    const dispatchRemote = async (events: readonly IntegrationEvent[]): Promise<void> => {
      await dispatcher.dispatch(events);
    };
    this.bus = new OutboxBus(redis, this.instanceId, dispatchRemote, stopping, this.logger);
    this.batch = new OutboxRelayBatch(this.lease, (events) => this.bus.publish(events), dispatcher, stopping);
    this.pruner = new OutboxPruner(dataSource, config, () => this.lease.isLeader && !this.stopping);
    this.loop = new OutboxRelayLoop(
      this.lease,
      this.batch,
      this.pruner,
      this.pause,
      { instanceId: this.instanceId, pollMs: config.outbox.pollMs, retryMs },
      this.logger,
    );
  }

  /**
   * Runs `handler` for every relayed event of `type` (`'*'`: every type).
   * Handlers must be idempotent. Returns the unsubscribe function.
   */
  subscribe<T extends EventTypeFilter>(type: T, handler: IntegrationEventHandler<T>): () => void {
    return this.subscribers.subscribe(type, handler);
  }

  /**
   * Runs `handler` once per relayed batch with the batch's events of `type`
   * (`'*'`: every type), in relay order, never with an empty list; the
   * cursor moves past the batch only after it resolves (a rejection is
   * logged, like a failing `subscribe` handler, and the events are not
   * redelivered). A stop
   * in the middle of a batch may deliver events again with the next relay.
   * Handlers must be idempotent. Returns the unsubscribe function.
   */
  subscribeBatch<T extends EventTypeFilter>(type: T, handler: IntegrationEventBatchHandler<T>): () => void {
    return this.subscribers.subscribeBatch(type, handler);
  }

  get isLeader(): boolean {
    return this.lease.isLeader;
  }

  status(): OutboxRelayStatus {
    return {
      instanceId: this.instanceId,
      leader: this.lease.isLeader,
      polls: this.batch.polls,
      relayed: this.batch.relayed,
      pruned: this.pruner.pruned,
    };
  }

  /** Read the outbox now instead of at the next poll (a no-op unless this instance relays). */
  wake(): void {
    this.pause.wake();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.removeCommitListener = this.commits.onCommit(() => this.wake());
    await this.bus.start();
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Idempotent. Resolves when the relay has released its lock and its connections. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.removeCommitListener?.();
      await this.loop.stop();
      await this.pruner.running;
      // Ending the lease's session releases the lock, once nothing of this term can write any more.
      await this.lease.stop();
      await this.bus.stop();
    })();
    return this.stopped;
  }
}

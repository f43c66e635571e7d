import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { pgClientConfigOf } from '../database/pg-client-config';
import { RedisConnection } from '../redis/redis-connection';
import { IntegrationEvent, IntegrationEventBatchHandler, IntegrationEventHandler, IntegrationEventPublished } from './integration-event';
import { OutboxCommitSignal } from './outbox-commit-signal';
import { EventTypeFilter, OutboxSubscribers } from './outbox-subscribers';
import { OutboxBus } from './outbox-bus';
import { OutboxPruner } from './outbox-pruner';

/**
 * The session-level advisory lock that makes one relay per database at a time
 * (next to the migrations' 7_340_001). Advisory locks are per database.
 */
export const OUTBOX_RELAY_LOCK_KEY = 7_340_002;
/** Rows per read. */
export const OUTBOX_BATCH_SIZE = 500;
/** How often an instance that does not hold the lock tries again (and how long it waits after a connection error). */
const LOCK_RETRY_MS = 1000;
const CONNECTION_CLOSE_TIMEOUT_MS = 2000;

/*
 * Which rows the relay reads, and why.
 *
 * Outbox ids come from a sequence when a row is inserted, but transactions
 * commit in any order: T1 takes id 10, T2 takes id 11 and commits first. A
 * relay that read "every row after the last id I published" would skip 10
 * forever. So the relay only takes rows whose writing transaction is below
 * the xmin of the statement's snapshot: every transaction below xmin has
 * finished (committed, so visible in that same snapshot, or rolled back, so
 * its rows never exist), and no row of a transaction still in flight is
 * considered. It reads them in relay order, (tx_id, id): the writing
 * transaction's id, then the row's. A transaction takes its xid at its first
 * write, so no row can ever appear before a position below xmin: the relay
 * keeps a cursor (the last position it published, in
 * `platform.outbox_relay_cursor`, read by each batch's statement and moved
 * once per batch) and never writes to the outbox rows themselves. Moving the
 * cursor back (an UPDATE of that row) relays the events after it again.
 *
 * What subscribers can rely on: the events of one transaction arrive
 * together, in append order, and the events of a transaction that began
 * writing before another arrive before the other's (whatever the commit
 * order). Positions (ids) are allocated at insert, so two overlapping
 * transactions may be relayed out of id order: a consumer that needs a strict
 * order per aggregate compares ids per aggregate (a later change of one row
 * always has the higher id) or carries a version in the payload. The price is
 * latency, never loss: a long writing transaction anywhere on the server holds
 * the relay back until it ends.
 *
 * `tx_id` is the xid8 stored as bigint (see the migration), so xmin is
 * converted the same way.
 */
const SELECT_BATCH = `
  SELECT o.id, o.event_id, o.type, o.payload, o.occurred_at, o.tx_id::text AS tx_id
    FROM platform.outbox_relay_cursor c
   CROSS JOIN LATERAL (
         SELECT * FROM platform.outbox o
          WHERE (o.tx_id, o.id) > (c.tx_id, c.id)
            AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          ORDER BY o.tx_id, o.id
          LIMIT $1) o
   WHERE c.name = 'relay'
   ORDER BY o.tx_id, o.id`;
/*
 * The LATERAL form is the plan: for the one cursor row, an index scan of
 * outbox_relay_order_idx from the cursor, in order, stopped at the LIMIT
 * (~0.3 ms on 200k rows). Written as `(tx_id, id) > (SELECT ... cursor)`, the
 * planner could not know how few rows follow the cursor and chose a parallel
 * bitmap scan and a sort (~7 ms on the same table, growing with it). The
 * ORDER BY names the numeric columns (o.tx_id): the bare name would be the
 * text column of the select list.
 */

/** The migration creates the cursor; a database restored without it starts from the beginning. */
const ENSURE_CURSOR = `INSERT INTO platform.outbox_relay_cursor (name, tx_id, id) VALUES ('relay', 0, 0) ON CONFLICT (name) DO NOTHING`;

const MOVE_CURSOR = `UPDATE platform.outbox_relay_cursor SET tx_id = $1, id = $2, moved_at = now() WHERE name = 'relay'`;

export interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly tx_id: string;
}

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

interface Sleep {
  readonly wakeable: boolean;
  readonly end: () => void;
  /** A commit woke it: end once OUTBOX_MIN_INTERVAL_MS have passed since the last read. */
  readonly wake: () => void;
}

/**
 * Publishes committed outbox rows, at least once, in order (see above):
 * to the in-process subscribers and the CQRS EventBus of this instance and,
 * when Redis is configured, on the channel `<prefix>events`, from which every
 * other instance dispatches them to its own subscribers.
 *
 * One relay per database: it holds a session-level advisory lock on a
 * connection of its own (outside the pool); the other instances try again
 * every second and take over when the holder stops or dies. A batch (up to
 * OUTBOX_BATCH_SIZE rows) is read after the cursor and published, then the
 * cursor moves past it (one small UPDATE): a crash in between publishes those
 * events again (handlers are idempotent: ProcessedEvents). Polls every
 * OUTBOX_POLL_MS; a commit that appended events in this process wakes it at
 * once. Expired events are deleted beside it (OUTBOX_RETENTION_HOURS).
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
 * published and releases
 * the lock. Events committed later (requests still draining) wait for the next
 * relay; nothing is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly instanceId = randomUUID();
  private readonly pollMs: number;
  private readonly pruner: OutboxPruner;

  private connection: Client | undefined;
  private leader = false;
  private started = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private sleep: Sleep | undefined;
  private wokenWhileBusy = false;
  private readonly minIntervalMs: number;
  /** When the last read began (performance.now()). */
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private polls = 0;
  private relayed = 0;
  private lastError: string | undefined;

  private readonly bus: OutboxBus;
  /** Events received over Redis, not dispatched yet. */
  private removeCommitListener: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
    redis: RedisConnection,
    private readonly subscribers: OutboxSubscribers,
    private readonly commits: OutboxCommitSignal,
    private readonly cls: ClsService,
    @Optional() private readonly eventBus?: EventBus,
  ) {
    this.pollMs = config.outbox.pollMs;
    this.minIntervalMs = config.outbox.minIntervalMs;
    this.pruner = new OutboxPruner(dataSource, config, () => this.leader && !this.stopping);
    this.bus = new OutboxBus(redis, this.instanceId, (events) => this.dispatchAllLocally(events), () => this.stopping, this.logger);
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
    return this.leader;
  }

  status(): OutboxRelayStatus {
    return { instanceId: this.instanceId, leader: this.leader, polls: this.polls, relayed: this.relayed, pruned: this.pruner.pruned };
  }

  /** Read the outbox now instead of at the next poll (a no-op unless this instance relays). */
  wake(): void {
    if (this.sleep?.wakeable) this.sleep.wake();
    else this.wokenWhileBusy = true;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.removeCommitListener = this.commits.onCommit(() => this.wake());
    await this.bus.start();
    this.loop = this.run();
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
      this.sleep?.end();
      await this.loop;
      await this.pruner.running;
      await this.closeConnection();
      await this.bus.stop();
    })();
    return this.stopped;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.leader && !(await this.tryToLead())) {
          await this.pause(LOCK_RETRY_MS, false);
          continue;
        }
        const relayed = await this.relayBatch();
        this.lastError = undefined;
        this.pruner.startIfDue();
        if (relayed < OUTBOX_BATCH_SIZE) await this.pause(this.pollMs, true);
      } catch (error) {
        if (this.stopping) break;
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.lastError) this.logger.warn(`outbox relay: ${message}; retrying in ${LOCK_RETRY_MS} ms`);
        this.lastError = message;
        await this.closeConnection();
        await this.pause(LOCK_RETRY_MS, false);
      }
    }
  }

  private async tryToLead(): Promise<boolean> {
    const connection = await this.connect();
    const result = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [OUTBOX_RELAY_LOCK_KEY]);
    if (this.stopping || this.connection !== connection) return false;
    if (result.rows[0]?.locked !== true) return false;
    await connection.query(ENSURE_CURSOR);
    if (this.stopping || this.connection !== connection) return false;
    this.leader = true;
    this.logger.log(`this instance (${this.instanceId}) relays the outbox`);
    return true;
  }

  /**
   * Reads one batch after the cursor, publishes it (event by event to
   * `subscribe` handlers, at once to batch handlers), moves the cursor past
   * what was published. Returns how many.
   */
  private async relayBatch(): Promise<number> {
    const connection = this.connection;
    if (!connection) throw new Error('the relay lost its connection');
    this.polls += 1;
    this.wokenWhileBusy = false;
    this.lastReadAt = performance.now();
    const { rows } = await connection.query<OutboxRow>(SELECT_BATCH, [OUTBOX_BATCH_SIZE]);
    if (rows.length === 0) return 0;
    const events = rows.map(toIntegrationEvent);
    this.bus.publish(events);
    let published = 0;
    const oneByOne = async (): Promise<void> => {
      for (let i = 0; i < rows.length && !this.stopping; i++) {
        await this.dispatchLocally(events[i]!);
        published += 1;
      }
    };
    // Batch handlers get the whole batch; when a stop cuts the per-event loop short, the cursor
    // moves past its prefix only, and the rest comes again (idempotent handlers) with the next relay.
    await Promise.all([oneByOne(), this.dispatchBatchLocally(events)]);
    if (published > 0) {
      const last = rows[published - 1]!;
      await connection.query(MOVE_CURSOR, [last.tx_id, last.id]);
    }
    this.relayed += published;
    return published;
  }

  /** Subscribers and EventBus of this instance, in a fresh CLS context (handlers may open transactions). Never rejects. */
  private async dispatchLocally(event: IntegrationEvent): Promise<void> {
    try {
      await this.cls.run({ ifNested: 'override' }, async () => {
        try {
          this.eventBus?.publish(new IntegrationEventPublished(event));
        } catch (error) {
          this.logger.error(`EventBus refused ${event.type} ${event.eventId}: ${String(error)}`);
        }
        await this.subscribers.dispatch(event);
      });
    } catch (error) {
      this.logger.error(`dispatching ${event.type} ${event.eventId} failed: ${String(error)}`);
    }
  }

  /** The batch subscribers of this instance, in a fresh CLS context of their own. Never rejects. */
  private async dispatchBatchLocally(events: readonly IntegrationEvent[]): Promise<void> {
    if (!this.subscribers.hasBatchSubscribers) return;
    try {
      await this.cls.run({ ifNested: 'override' }, () => this.subscribers.dispatchBatch(events));
    } catch (error) {
      this.logger.error(`dispatching a batch of ${events.length} event(s) failed: ${String(error)}`);
    }
  }

  /** Per-event subscribers and EventBus event by event, batch subscribers with the whole list, concurrently. */
  private async dispatchAllLocally(events: readonly IntegrationEvent[]): Promise<void> {
    const oneByOne = async (): Promise<void> => {
      for (const event of events) await this.dispatchLocally(event);
    };
    await Promise.all([oneByOne(), this.dispatchBatchLocally(events)]);
  }

  private async connect(): Promise<Client> {
    if (this.connection) return this.connection;
    const connection = new Client({ ...pgClientConfigOf(this.dataSource), application_name: 'exchange-outbox-relay', keepAlive: true });
    // A dropped connection drops the lock with it: give up leadership; the loop reconnects.
    connection.on('error', (error: Error) => {
      this.logger.warn(`outbox relay connection: ${error.message}`);
      if (this.connection === connection) {
        this.connection = undefined;
        this.leader = false;
      }
      void connection.end().catch(() => undefined);
    });
    try {
      await connection.connect();
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    if (this.stopping) {
      await connection.end().catch(() => undefined);
      throw new Error('stopping');
    }
    this.connection = connection;
    return connection;
  }

  /** Ending the session releases the advisory lock. */
  private async closeConnection(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.leader = false;
    if (!connection) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CONNECTION_CLOSE_TIMEOUT_MS).unref());
    await Promise.race([connection.end().catch(() => undefined), timeout]);
  }

  /**
   * Waits `ms`, or less when stopping, or (when wakeable) when woken by a
   * commit, but never sooner than OUTBOX_MIN_INTERVAL_MS after the last read:
   * under load, the commits of that interval are read (and handed to batch
   * subscribers) together instead of one read per commit.
   */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const untilNextRead = (): number => this.lastReadAt + this.minIntervalMs - performance.now();
    if (wakeable && this.wokenWhileBusy) {
      this.wokenWhileBusy = false;
      if (untilNextRead() <= 0) return Promise.resolve();
      ms = untilNextRead();
      wakeable = false;
    }
    return new Promise<void>((resolve) => {
      let woken = false;
      const end = (): void => {
        clearTimeout(timer);
        if (this.sleep === sleep) this.sleep = undefined;
        resolve();
      };
      let timer = setTimeout(end, ms);
      const sleep: Sleep = {
        wakeable,
        end,
        wake: () => {
          if (woken) return;
          woken = true;
          const wait = untilNextRead();
          if (wait <= 0) return end();
          clearTimeout(timer);
          timer = setTimeout(end, wait);
        },
      };
      this.sleep = sleep;
    });
  }
}

/** Exported for its unit test. */
export function toIntegrationEvent(row: OutboxRow): IntegrationEvent {
  return { eventId: row.event_id, type: row.type, occurredAt: row.occurred_at.toISOString(), payload: row.payload, position: row.id };
}

import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PRUNE_SYSTEM_CHUNK } from './outbox-system-prune';

/**
 * Rows one prune statement deletes at most (the oldest in relay order). Small: each statement takes a transaction
 * id, and while it runs the relay (and a /user resume) cannot pass any newer commit.
 */
const OUTBOX_PRUNE_CHUNK = 1000;
/** Chunks per prune round at most; a round that reaches it goes on after the next relay read, not a whole interval later. */
const OUTBOX_PRUNE_MAX_CHUNKS = 20;

/*
 * Expired events: published (at or before the cursor) and written
 * (`recorded_at`, not the event's own time) longer ago than the retention.
 * The oldest OUTBOX_PRUNE_CHUNK rows in relay order, of which those old
 * enough: relay order follows time closely, so a round stops at the first
 * chunk that is not all expired. Nothing after the cursor is ever deleted, so
 * an event is never lost before it is published, however old.
 */
const PRUNE_CHUNK = `
  DELETE FROM platform.outbox
   WHERE id IN (SELECT o.id
                  FROM platform.outbox_relay_cursor c
                 CROSS JOIN LATERAL (
                       SELECT id, recorded_at FROM platform.outbox o
                        WHERE (o.tx_id, o.id) <= (c.tx_id, c.id)
                        ORDER BY o.tx_id, o.id
                        LIMIT $1) o
                 WHERE c.name = 'relay' AND o.recorded_at < now() - make_interval(hours => $2))`;

/**
 * Consumers' dedup records older than the retention: their events are gone
 * from the outbox, so none of them is delivered again. Any 1,000 such rows
 * (the BRIN index on processed_at finds them).
 */
const PRUNE_PROCESSED_CHUNK = `
  DELETE FROM platform.processed_events
   WHERE ctid = ANY(ARRAY(SELECT ctid FROM platform.processed_events
                           WHERE processed_at < now() - make_interval(hours => $2)
                           LIMIT $1))`;

/**
 * Outbox retention, run by the relaying instance beside its relay loop: users'
 * events after OUTBOX_RETENTION_HOURS, system events after
 * OUTBOX_SYSTEM_RETENTION_MINUTES (outbox-system-prune.ts), and the
 * consumers' dedup records with them. Never deletes past the relay cursor.
 */
export class OutboxPruner {
  private readonly logger = new Logger('OutboxRelay');
  private readonly retentionHours: number;
  private readonly systemRetentionMinutes: number;
  private readonly intervalMs: number;
  private current: Promise<void> | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** Events deleted by this instance since it started. */
  pruned = 0;

  /** `active`: this instance still relays and is not stopping (checked before every chunk). */
  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
    private readonly active: () => boolean,
  ) {
    this.retentionHours = config.outbox.retentionHours;
    this.systemRetentionMinutes = config.retention.systemEventMinutes;
    this.intervalMs = config.outbox.pruneIntervalMs;
  }

  /** The round in progress, if any (the relay awaits it when it stops). */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  /**
   * Deletes expired events (OUTBOX_RETENTION_HOURS), then the consumers'
   * dedup records as old, every OUTBOX_PRUNE_INTERVAL_MS, on a pooled
   * connection beside the relay loop (a large round never delays relaying),
   * in chunks, while this instance relays (`active`). Never rejects.
   */
  startIfDue(): void {
    if (this.current || performance.now() - this.lastAt < this.intervalMs) return;
    this.current = (async () => {
      try {
        const systemDone = await this.pruneSystemChunks();
        const keepsAll = this.retentionHours === 0;
        const outboxDone = keepsAll || (await this.pruneChunks(PRUNE_CHUNK, (deleted) => (this.pruned += deleted)));
        const recordsDone = keepsAll || (await this.pruneChunks(PRUNE_PROCESSED_CHUNK, () => undefined));
        // A backlog (more than a round deletes) is worked off round after round, between relay reads.
        if (systemDone && outboxDone && recordsDone) this.lastAt = performance.now();
      } catch (error) {
        this.lastAt = performance.now();
        if (this.active()) this.logger.warn(`pruning the outbox failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.current = undefined;
      }
    })();
  }

  /** System events past OUTBOX_SYSTEM_RETENTION_MINUTES, with their dedup records (outbox-system-prune.ts); true when none is left. */
  private async pruneSystemChunks(): Promise<boolean> {
    for (let chunk = 0; chunk < OUTBOX_PRUNE_MAX_CHUNKS; chunk++) {
      if (!this.active()) return true;
      const [{ events }]: { events: number }[] = await this.dataSource.query(PRUNE_SYSTEM_CHUNK, [OUTBOX_PRUNE_CHUNK, this.systemRetentionMinutes]);
      this.pruned += events;
      if (events < OUTBOX_PRUNE_CHUNK) return true;
    }
    return false;
  }

  /** Up to OUTBOX_PRUNE_MAX_CHUNKS chunks of `statement`; true when it ran out of expired rows. */
  private async pruneChunks(statement: string, onDeleted: (deleted: number) => void): Promise<boolean> {
    for (let chunk = 0; chunk < OUTBOX_PRUNE_MAX_CHUNKS; chunk++) {
      if (!this.active()) return true;
      // TypeORM answers a DELETE on PostgreSQL with [rows, affected count].
      const [, deleted]: [unknown, number] = await this.dataSource.query(statement, [OUTBOX_PRUNE_CHUNK, this.retentionHours]);
      onDeleted(deleted);
      if (deleted < OUTBOX_PRUNE_CHUNK) return true;
    }
    return false;
  }
}

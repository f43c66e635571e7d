import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One integration event, written in the transaction of the state change that
 * caused it and published by the relay after commit. Written and read with SQL
 * (OutboxWriter, OutboxRelay); the entity keeps the schema checked by
 * `migration:generate`.
 */
@Entity({ schema: 'platform', name: 'outbox' })
@Unique('outbox_event_id_key', ['eventId'])
/** Relay order (OutboxRelay). */
@Index('outbox_relay_order_idx', ['txId', 'id'])
// An expression index (TypeORM cannot describe one): created by its migration, left alone by migration:generate.
@Index('outbox_user_relay_order_idx', { synchronize: false })
// Partial (system events only), created by its migration (outbox-system-prune.ts).
@Index('outbox_system_relay_order_idx', { synchronize: false })
export class OutboxEntity {
  /** Allocation order; bigint comes back from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  type!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  /** The writing transaction's id: its xid8 as a bigint (TypeORM has no xid8 type; see the migration). */
  @Column('bigint', { name: 'tx_id', default: () => 'platform.current_tx_id()' })
  txId!: string;

  /** When the row was written (retention counts from it, not from the event's own time). */
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}

/** How far the relay got: every row at or before (tx_id, id) in relay order is published. */
@Entity({ schema: 'platform', name: 'outbox_relay_cursor' })
export class OutboxRelayCursorEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('bigint', { name: 'tx_id' })
  txId!: string;

  @Column('bigint')
  id!: string;

  @Column('timestamptz', { name: 'moved_at', default: () => 'now()' })
  movedAt!: Date;
}

/** A consumer's record that it applied an event: at-least-once delivery made idempotent. */
@Entity({ schema: 'platform', name: 'processed_events' })
// A BRIN index (TypeORM cannot describe one): created by its migration, left alone by migration:generate.
@Index('processed_events_processed_at_brin', { synchronize: false })
export class ProcessedEventEntity {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt!: Date;
}

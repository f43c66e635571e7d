import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A BRIN index of the consumers' dedup records by time, for the relay's
 * retention round (OUTBOX_RETENTION_HOURS): the records of events older than
 * the outbox keeps can never be needed again (no such event is delivered
 * again), and a BRIN index finds them without a scan of the whole table while
 * costing next to nothing on insert (the table is written in time order).
 */
export class ProcessedEventsByTime1763729700000 implements MigrationInterface {
  name = 'ProcessedEventsByTime1763729700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX processed_events_processed_at_brin ON platform.processed_events USING brin (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX platform.processed_events_processed_at_brin`);
  }
}

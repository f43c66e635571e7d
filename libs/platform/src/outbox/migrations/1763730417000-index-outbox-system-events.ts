import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial index of the system events (events of system accounts, whose ids
 * start with the reserved prefix, and events that name no user) in relay
 * order, for the relay's short retention of them
 * (OUTBOX_SYSTEM_RETENTION_MINUTES, outbox-system-prune.ts): a round finds
 * the oldest system rows without walking the users' events, which are kept
 * much longer. The predicate must stay textually equal to
 * SYSTEM_EVENT_PREDICATE.
 */
export class IndexOutboxSystemEvents1763730417000 implements MigrationInterface {
  name = 'IndexOutboxSystemEvents1763730417000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_system_relay_order_idx ON platform.outbox (tx_id, id)
        WHERE (NOT (payload ? 'userId') OR starts_with(payload->>'userId', '5e1f0000-0000-4000-8000-'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS platform.outbox_system_relay_order_idx`);
  }
}

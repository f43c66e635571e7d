import { DataSource } from 'typeorm';
import { pgClientConfigOf } from '../database/pg-client-config';
import { LeadershipLease, LeaseLogger } from '../leadership/leadership-lease';

/**
 * The session-level advisory lock that makes one relay per database at a time
 * (next to the migrations' 7_340_001). Advisory locks are per database.
 */
export const OUTBOX_RELAY_LOCK_KEY = 7_340_002;

/** The name of the relay's lease (in its log lines). */
export const OUTBOX_RELAY_LEASE = 'platform.outbox-relay';

/**
 * The relay's leadership: a LeadershipLease like the price feed's (see it and
 * docs/market.md), on its own connection outside the pool. It keeps the lock
 * key the relay had before leases existed, rather than the hash of its name,
 * so that during a rolling deploy an instance of an older release and one of
 * this release never relay at the same time; and the session's name
 * `exchange-outbox-relay`, which operators see in pg_stat_activity.
 */
export function outboxRelayLease(dataSource: DataSource, retryMs: number, logger: LeaseLogger): LeadershipLease {
  return new LeadershipLease({
    name: OUTBOX_RELAY_LEASE,
    key: BigInt(OUTBOX_RELAY_LOCK_KEY),
    applicationName: 'exchange-outbox-relay',
    connection: pgClientConfigOf(dataSource),
    retryMs,
    logger,
  });
}

import { advisoryLockKey } from './advisory-lock-key';
import { LeadershipLease } from './leadership-lease';

describe('LeadershipLease: its advisory-lock key', () => {
  it('is the hash of its name by default, the same on every instance', () => {
    const lease = new LeadershipLease({ name: 'market.feed', connection: {}, retryMs: 1000 });
    expect(lease.key).toBe(advisoryLockKey('market.feed'));
    expect(new LeadershipLease({ name: 'market.feed', connection: {}, retryMs: 1000 }).key).toBe(lease.key);
  });

  it('is the given key when there is one (a lock older than named leases)', () => {
    expect(new LeadershipLease({ name: 'platform.outbox-relay', key: 7_340_002n, connection: {}, retryMs: 1000 }).key).toBe(7_340_002n);
  });
});

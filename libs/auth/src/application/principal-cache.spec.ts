import { FixedClock } from '@lib/kernel';
import { AccountStatus, Role } from '../domain';
import { PrincipalInvalidation, PrincipalInvalidationBus, SessionPrincipalRow } from './ports';
import { PrincipalCache } from './principal-cache';
import { testConfig } from './testing/in-memory-ports';

const START = new Date('2030-01-01T00:00:00.000Z');

class RecordingBus extends PrincipalInvalidationBus {
  readonly published: PrincipalInvalidation[] = [];
  private listener: ((invalidation: PrincipalInvalidation) => void) | undefined;

  publish(invalidation: PrincipalInvalidation): void {
    this.published.push(invalidation);
  }

  listen(listener: (invalidation: PrincipalInvalidation) => void): void {
    this.listener = listener;
  }

  /** What another instance's publish looks like here. */
  receive(invalidation: PrincipalInvalidation): void {
    this.listener?.(invalidation);
  }
}

function rowOf(userId: string, status = AccountStatus.ACTIVE): SessionPrincipalRow {
  return {
    userId,
    email: `${userId}@example.com`,
    name: userId,
    role: Role.USER,
    status,
    sessionRevokedAt: null,
    sessionExpiresAt: new Date(START.getTime() + 86_400_000),
  };
}

function setup(env: Record<string, string> = {}) {
  const clock = new FixedClock(START);
  const bus = new RecordingBus();
  const cache = new PrincipalCache(testConfig({ AUTH_SESSION_CACHE_MS: '2000', ...env }), clock, bus);
  const loads: string[] = [];
  /** The "database": what a load returns now. */
  const db = new Map<string, SessionPrincipalRow | null>();
  const load = (userId: string, sessionId: string) =>
    cache.principal(userId, sessionId, async () => {
      loads.push(sessionId);
      return db.get(sessionId) ?? null;
    });
  return { clock, bus, cache, loads, db, load };
}

describe('PrincipalCache', () => {
  it('answers from memory within the TTL and loads again after it', async () => {
    const { clock, loads, db, load } = setup();
    db.set('s1', rowOf('u1'));

    expect(await load('u1', 's1')).toEqual(rowOf('u1'));
    clock.advanceBy(1999);
    db.set('s1', rowOf('u1', AccountStatus.SUSPENDED)); // changed behind the cache's back (another instance, no bus)
    expect((await load('u1', 's1'))?.status).toBe(AccountStatus.ACTIVE);
    expect(loads).toEqual(['s1']);

    clock.advanceBy(1);
    expect((await load('u1', 's1'))?.status).toBe(AccountStatus.SUSPENDED);
    expect(loads).toEqual(['s1', 's1']);
  });

  it('caches the negative answer too', async () => {
    const { loads, load } = setup();
    expect(await load('u1', 'unknown')).toBeNull();
    expect(await load('u1', 'unknown')).toBeNull();
    expect(loads).toEqual(['unknown']);
  });

  it('does not answer for another user than the one the row was loaded for', async () => {
    const { loads, db, load } = setup();
    db.set('s1', rowOf('u1'));
    await load('u1', 's1');
    await load('u2', 's1');
    expect(loads).toEqual(['s1', 's1']);
  });

  it('with AUTH_SESSION_CACHE_MS=0 always loads and keeps nothing', async () => {
    const { cache, loads, db, load } = setup({ AUTH_SESSION_CACHE_MS: '0' });
    db.set('s1', rowOf('u1'));
    await load('u1', 's1');
    await load('u1', 's1');
    expect(loads).toEqual(['s1', 's1']);
    expect(cache.size).toBe(0);
  });

  it('keeps at most AUTH_SESSION_CACHE_MAX_ENTRIES, dropping the oldest first', async () => {
    const { cache, loads, db, load } = setup({ AUTH_SESSION_CACHE_MAX_ENTRIES: '2' });
    for (const id of ['s1', 's2', 's3']) db.set(id, rowOf('u1'));
    await load('u1', 's1');
    await load('u1', 's2');
    await load('u1', 's3');
    expect(cache.size).toBe(2);
    loads.length = 0;
    await load('u1', 's2');
    await load('u1', 's3');
    expect(loads).toEqual([]);
    await load('u1', 's1');
    expect(loads).toEqual(['s1']);
    expect(cache.size).toBe(2);
  });

  it('invalidateSession drops that session at once and tells the other instances', async () => {
    const { cache, bus, loads, db, load } = setup();
    db.set('s1', rowOf('u1'));
    db.set('s2', rowOf('u1'));
    await load('u1', 's1');
    await load('u1', 's2');

    cache.invalidateSession('s1');
    await load('u1', 's1');
    await load('u1', 's2');

    expect(loads).toEqual(['s1', 's2', 's1']);
    expect(bus.published).toEqual([{ sessionId: 's1' }]);
  });

  it('invalidateUser drops every session of that user and only theirs', async () => {
    const { cache, bus, loads, db, load } = setup();
    db.set('a1', rowOf('alice'));
    db.set('a2', rowOf('alice'));
    db.set('b1', rowOf('bob'));
    for (const [user, session] of [['alice', 'a1'], ['alice', 'a2'], ['bob', 'b1']] as const) await load(user, session);
    loads.length = 0;

    cache.invalidateUser('alice');
    for (const [user, session] of [['alice', 'a1'], ['alice', 'a2'], ['bob', 'b1']] as const) await load(user, session);

    expect(loads).toEqual(['a1', 'a2']);
    expect(bus.published).toEqual([{ userId: 'alice' }]);
  });

  it('applies an invalidation received from another instance without publishing it again', async () => {
    const { bus, loads, db, load } = setup();
    db.set('s1', rowOf('u1'));
    await load('u1', 's1');
    bus.receive({ userId: 'u1' });
    await load('u1', 's1');
    bus.receive({ sessionId: 's1' });
    await load('u1', 's1');
    expect(loads).toEqual(['s1', 's1', 's1']);
    expect(bus.published).toEqual([]);
  });

  it('shares one load among concurrent misses of a session', async () => {
    const { loads, db, load } = setup();
    db.set('s1', rowOf('u1'));
    const rows = await Promise.all([load('u1', 's1'), load('u1', 's1'), load('u1', 's1')]);
    expect(rows).toEqual([rowOf('u1'), rowOf('u1'), rowOf('u1')]);
    expect(loads).toEqual(['s1']);
  });

  it('does not store, nor share, a load that was under way when an invalidation came', async () => {
    const { clock, cache } = setup();
    let release!: (row: SessionPrincipalRow) => void;
    const stale = cache.principal('u1', 's1', () => new Promise((resolve) => (release = resolve)));
    // The revocation commits and invalidates while that read is in flight.
    cache.invalidateSession('s1');
    let fresh = 0;
    const after = cache.principal('u1', 's1', async () => {
      fresh += 1;
      return { ...rowOf('u1'), sessionRevokedAt: clock.now() };
    });
    release(rowOf('u1'));

    expect((await stale)?.sessionRevokedAt).toBeNull(); // the caller that started before the commit
    expect((await after)?.sessionRevokedAt).toEqual(clock.now()); // a caller after it never joins the old read
    expect(fresh).toBe(1);
    // And what is cached is the fresh row, not the stale one.
    const cached = await cache.principal('u1', 's1', async () => {
      throw new Error('should be cached');
    });
    expect(cached?.sessionRevokedAt).toEqual(clock.now());
  });

  it('does not cache a failed load', async () => {
    const { cache } = setup();
    await expect(cache.principal('u1', 's1', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(cache.size).toBe(0);
    expect(await cache.principal('u1', 's1', async () => rowOf('u1'))).toEqual(rowOf('u1'));
  });
});

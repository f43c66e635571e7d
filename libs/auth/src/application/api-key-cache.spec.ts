import { FixedClock } from '@lib/kernel';
import { AccountStatus, ApiKeyPermission, ApiKeyRecord } from '../domain';
import { ApiKeyCache, ApiKeyEntry } from './api-key-cache';
import { PrincipalInvalidation, PrincipalInvalidationBus } from './ports';
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

function entryOf(keyId: string, userId: string, status = AccountStatus.ACTIVE): ApiKeyEntry {
  const record: ApiKeyRecord = { id: keyId, userId, label: 'bot', scheme: 'HMAC', permissions: [ApiKeyPermission.READ], ipAllowlist: [], expiresAt: null, revokedAt: null, createdAt: START };
  return { record, hmacSecret: Buffer.from('secret'), publicKey: null, allowsIp: () => true, owner: { email: `${userId}@example.com`, role: 'USER', status } };
}

function setup(env: Record<string, string> = {}) {
  const clock = new FixedClock(START);
  const bus = new RecordingBus();
  const principals = new PrincipalCache(testConfig({ AUTH_SESSION_CACHE_MS: '2000', ...env }), clock, bus);
  const cache = new ApiKeyCache(testConfig({ AUTH_SESSION_CACHE_MS: '2000', ...env }), clock, principals);
  const loads: string[] = [];
  /** The "database": what a load returns now. */
  const db = new Map<string, ApiKeyEntry>();
  const load = (keyId: string) =>
    cache.key(keyId, async () => {
      loads.push(keyId);
      return db.get(keyId) ?? null;
    });
  return { clock, bus, principals, cache, loads, db, load };
}

describe('ApiKeyCache', () => {
  it('answers from memory within the TTL and loads again after it', async () => {
    const { clock, loads, db, load } = setup();
    db.set('k1', entryOf('k1', 'u1'));
    expect((await load('k1'))?.record.id).toBe('k1');
    clock.advanceBy(1999);
    db.set('k1', entryOf('k1', 'u1', AccountStatus.SUSPENDED)); // behind the cache's back (no bus)
    expect((await load('k1'))?.owner.status).toBe(AccountStatus.ACTIVE);
    expect(loads).toEqual(['k1']);
    clock.advanceBy(1);
    expect((await load('k1'))?.owner.status).toBe(AccountStatus.SUSPENDED);
    expect(loads).toEqual(['k1', 'k1']);
  });

  it('does not cache an unknown key: made-up ids cannot evict real ones', async () => {
    const { loads, load, cache } = setup();
    expect(await load('nope')).toBeNull();
    expect(await load('nope')).toBeNull();
    expect(loads).toEqual(['nope', 'nope']);
    expect(cache.size).toBe(0);
  });

  it('drops a revoked key at once here, and tells the other instances', async () => {
    const { principals, bus, loads, db, load } = setup();
    db.set('k1', entryOf('k1', 'u1'));
    db.set('k2', entryOf('k2', 'u1'));
    await load('k1');
    await load('k2');
    principals.invalidateApiKey('k1');
    await load('k1');
    await load('k2');
    expect(loads).toEqual(['k1', 'k2', 'k1']);
    expect(bus.published).toEqual([{ apiKeyId: 'k1' }]);
  });

  it("drops every key of a user whose account changed (suspension, password, role), not the others'", async () => {
    const { principals, loads, db, load } = setup();
    db.set('k1', entryOf('k1', 'u1'));
    db.set('k2', entryOf('k2', 'u1'));
    db.set('k3', entryOf('k3', 'u2'));
    for (const k of ['k1', 'k2', 'k3']) await load(k);
    principals.invalidateUser('u1');
    for (const k of ['k1', 'k2', 'k3']) await load(k);
    expect(loads).toEqual(['k1', 'k2', 'k3', 'k1', 'k2']);
  });

  it('follows the invalidations another instance published (the bus)', async () => {
    const { bus, loads, db, load } = setup();
    db.set('k1', entryOf('k1', 'u1'));
    db.set('k2', entryOf('k2', 'u2'));
    await load('k1');
    await load('k2');
    bus.receive({ apiKeyId: 'k1' });
    bus.receive({ userId: 'u2' });
    bus.receive({ sessionId: 'some-session' });
    await load('k1');
    await load('k2');
    expect(loads).toEqual(['k1', 'k2', 'k1', 'k2']);
  });

  it('does not keep what a read that started before an invalidation returned', async () => {
    const { principals, cache, loads } = setup();
    let release: (entry: ApiKeyEntry) => void = () => undefined;
    const slow = cache.key('k1', () => {
      loads.push('k1');
      return new Promise<ApiKeyEntry>((r) => (release = r));
    });
    principals.invalidateApiKey('k1'); // revoked while the (old) row was on its way
    release(entryOf('k1', 'u1'));
    expect((await slow)?.record.id).toBe('k1');
    expect(cache.size).toBe(0);
  });

  it('shares one read among concurrent requests of one key', async () => {
    const { loads, db, load } = setup();
    db.set('k1', entryOf('k1', 'u1'));
    const answers = await Promise.all([load('k1'), load('k1'), load('k1')]);
    expect(answers.every((a) => a?.record.id === 'k1')).toBe(true);
    expect(loads).toEqual(['k1']);
  });

  it('keeps at most AUTH_SESSION_CACHE_MAX_ENTRIES keys, the oldest going first', async () => {
    const { loads, db, load, cache } = setup({ AUTH_SESSION_CACHE_MAX_ENTRIES: '2' });
    for (const k of ['k1', 'k2', 'k3']) db.set(k, entryOf(k, 'u1'));
    for (const k of ['k1', 'k2', 'k3']) await load(k);
    expect(cache.size).toBe(2);
    await load('k3');
    await load('k1');
    expect(loads).toEqual(['k1', 'k2', 'k3', 'k1']);
  });

  it('reads every time when the cache is off (AUTH_SESSION_CACHE_MS=0)', async () => {
    const { loads, db, load } = setup({ AUTH_SESSION_CACHE_MS: '0' });
    db.set('k1', entryOf('k1', 'u1'));
    await load('k1');
    await load('k1');
    expect(loads).toEqual(['k1', 'k1']);
  });
});

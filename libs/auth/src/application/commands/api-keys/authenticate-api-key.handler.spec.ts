import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { AccountStatus, ApiKeyPermission, AuthErrorCode } from '../../../domain';
import { ApiKeyCache } from '../../api-key-cache';
import { InMemoryApiKeys, aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { AuthenticateApiKeyQuery, CreateApiKeyCommand, RevokeApiKeyCommand } from './api-key.commands';
import { AuthenticateApiKeyHandler, CreateApiKeyHandler, RevokeApiKeyHandler } from './api-key.handlers';

const NOW = new Date('2030-01-01T00:00:00.000Z');

function setup() {
  const config = testConfig({ AUTH_SESSION_CACHE_MS: '10000' });
  const auth = inMemoryAuth(config, NOW);
  const keys = new InMemoryApiKeys();
  const cache = new ApiKeyCache(config, auth.clock, auth.principals);
  const user = auth.users.add(aUser(NOW));
  const create = (scheme: 'HMAC' | 'ED25519', extra: { publicKey?: string; ipAllowlist?: string[]; expiresAt?: Date } = {}) =>
    new CreateApiKeyHandler(keys, auth.tx.host, auth.clock).execute(
      new CreateApiKeyCommand(user.id, 'bot', scheme, [ApiKeyPermission.TRADE], extra.ipAllowlist ?? [], extra.expiresAt ?? null, extra.publicKey ?? null),
    );
  const authenticate = (keyId: string) => new AuthenticateApiKeyHandler(keys, auth.users, auth.clock, cache).execute(new AuthenticateApiKeyQuery(keyId));
  const revoke = (keyId: string) => new RevokeApiKeyHandler(keys, auth.clock, auth.principals).execute(new RevokeApiKeyCommand(user.id, keyId));
  return { ...auth, keys, user, create, authenticate, revoke };
}

describe('AuthenticateApiKeyHandler (with the key cache)', () => {
  it('reads a key once and serves the next requests from memory, its material ready', async () => {
    const { keys, create, authenticate } = setup();
    const hmac = await create('HMAC');
    const { publicKey } = generateKeyPairSync('ed25519');
    const ed = await create('ED25519', { publicKey: (publicKey.export({ format: 'jwk' }) as { x: string }).x });

    for (let i = 0; i < 3; i++) {
      const h = await authenticate(hmac.id);
      expect(h).toMatchObject({ keyId: hmac.id, userId: 'user-alice', email: 'alice@example.com', scheme: 'HMAC', permissions: ['READ', 'TRADE'] });
      expect(h.hmacSecret?.toString('utf8')).toBe(hmac.secret);
      const e = await authenticate(ed.id);
      expect(e.publicKey).toBeInstanceOf(KeyObject);
      expect(e.publicKey?.asymmetricKeyType).toBe('ed25519');
    }
    expect(keys.finds).toEqual([hmac.id, ed.id]);
  });

  it('refuses a revoked key at the next request, without waiting for the cache to expire', async () => {
    const { create, authenticate, revoke } = setup();
    const key = await create('HMAC');
    await authenticate(key.id);
    await revoke(key.id);
    expect((await authErrorOf(authenticate(key.id))).code).toBe(AuthErrorCode.API_KEY_INVALID);
  });

  it("stops a suspended owner's keys at once (the suspension invalidates the user)", async () => {
    const { create, authenticate, user, principals, clock } = setup();
    const key = await create('HMAC');
    await authenticate(key.id);
    user.setStatus(AccountStatus.SUSPENDED, 'fraud', clock.now());
    principals.invalidateUser(user.id); // what SetUserStatusHandler does after its commit
    expect((await authErrorOf(authenticate(key.id))).code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
  });

  it('ends a cached key at its exact expiry', async () => {
    const { create, authenticate, clock, keys } = setup();
    const key = await create('HMAC', { expiresAt: new Date(NOW.getTime() + 1_000) });
    await authenticate(key.id);
    clock.advanceBy(999);
    await authenticate(key.id);
    clock.advanceBy(1);
    expect((await authErrorOf(authenticate(key.id))).code).toBe(AuthErrorCode.API_KEY_INVALID);
    expect(keys.finds).toEqual([key.id]);
  });

  it('answers the allowlist as a matcher built once', async () => {
    const { create, authenticate } = setup();
    const key = await create('HMAC', { ipAllowlist: ['10.0.0.0/8', '2001:db8::1'] });
    const credentials = await authenticate(key.id);
    expect(['10.1.2.3', '::ffff:10.1.2.3', '2001:db8::1', '11.0.0.1'].map((ip) => credentials.allowsIp(ip))).toEqual([true, true, true, false]);
  });

  it('refuses an unknown or malformed key id without caching it', async () => {
    const { authenticate, keys } = setup();
    expect((await authErrorOf(authenticate('ak_AAAAAAAAAAAAAAAAAAAAAA'))).code).toBe(AuthErrorCode.API_KEY_INVALID);
    expect((await authErrorOf(authenticate('ak_AAAAAAAAAAAAAAAAAAAAAA'))).code).toBe(AuthErrorCode.API_KEY_INVALID);
    expect((await authErrorOf(authenticate('not a key'))).code).toBe(AuthErrorCode.API_KEY_INVALID);
    expect(keys.finds).toEqual(['ak_AAAAAAAAAAAAAAAAAAAAAA', 'ak_AAAAAAAAAAAAAAAAAAAAAA']);
  });
});

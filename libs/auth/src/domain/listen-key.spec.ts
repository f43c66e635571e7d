import { createHash } from 'node:crypto';
import { AccountStatus } from './role';
import {
  ListenKeyStanding,
  MAX_LIVE_LISTEN_KEYS_PER_USER,
  isListenKeyUsable,
  isWellFormedListenKey,
  listenKeyExpiry,
  listenKeyId,
  listenKeyState,
  listenKeysToEvict,
} from './listen-key';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number): Date => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;
const KEY: ListenKeyStanding = {
  id: 'a'.repeat(64),
  userId: '00000000-0000-4000-8000-000000000001',
  apiKeyId: 'ak_AAAAAAAAAAAAAAAAAAAAAA',
  sessionId: null,
  createdAt: at(-10 * 60_000),
  expiresAt: at(50 * 60_000),
  closedAt: null,
  credential: { revokedAt: null, expiresAt: null },
  accountStatus: AccountStatus.ACTIVE,
};

describe('listen keys', () => {
  it('is live until its expiry, exclusive, then expired', () => {
    expect(listenKeyState(KEY, NOW)).toBe('LIVE');
    expect(listenKeyState(KEY, at(50 * 60_000 - 1))).toBe('LIVE');
    expect(listenKeyState(KEY, at(50 * 60_000))).toBe('EXPIRED');
    expect(listenKeyState(KEY, at(2 * HOUR))).toBe('EXPIRED');
  });

  it('is closed once deleted, even before its expiry, and a closed key never reads as merely expired', () => {
    expect(listenKeyState({ ...KEY, closedAt: at(-1) }, NOW)).toBe('CLOSED');
    expect(listenKeyState({ ...KEY, closedAt: at(-1) }, at(2 * HOUR))).toBe('CLOSED');
  });

  it('lives no longer than the credential it was created with: a revoked or expired API key or session, or one gone, closes it', () => {
    expect(listenKeyState({ ...KEY, credential: { revokedAt: at(-1), expiresAt: null } }, NOW)).toBe('CLOSED');
    expect(listenKeyState({ ...KEY, credential: { revokedAt: null, expiresAt: NOW } }, NOW)).toBe('CLOSED');
    expect(listenKeyState({ ...KEY, credential: { revokedAt: null, expiresAt: at(1) } }, NOW)).toBe('LIVE');
    expect(listenKeyState({ ...KEY, credential: null }, NOW)).toBe('CLOSED');
  });

  it('is usable only while live and its account active', () => {
    expect(isListenKeyUsable(KEY, NOW)).toBe(true);
    expect(isListenKeyUsable({ ...KEY, accountStatus: AccountStatus.SUSPENDED }, NOW)).toBe(false);
    expect(isListenKeyUsable(KEY, at(HOUR))).toBe(false);
  });

  it('expires its TTL after its creation, and an extension moves the expiry to TTL after now, never earlier', () => {
    expect(listenKeyExpiry(NOW, HOUR)).toEqual(at(HOUR));
    // Kept alive 10 minutes before its expiry: 60 minutes from then.
    const extended = listenKeyExpiry(at(50 * 60_000), HOUR, KEY.expiresAt);
    expect(extended).toEqual(at(110 * 60_000));
    expect(listenKeyState({ ...KEY, expiresAt: extended }, at(100 * 60_000))).toBe('LIVE');
    // A shorter TTL (configuration changed) does not cut a key short.
    expect(listenKeyExpiry(NOW, 60_000, KEY.expiresAt)).toEqual(KEY.expiresAt);
  });

  it('is 64 base64url characters; its id is the hex SHA-256 of its text', () => {
    expect(isWellFormedListenKey('A'.repeat(63) + '_')).toBe(true);
    expect(isWellFormedListenKey('A'.repeat(63))).toBe(false);
    expect(isWellFormedListenKey('A'.repeat(65))).toBe(false);
    expect(isWellFormedListenKey(`${'A'.repeat(63)}=`)).toBe(false);
    expect(isWellFormedListenKey(64)).toBe(false);
    const key = 'k'.repeat(64);
    expect(listenKeyId(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(listenKeyId(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('evicts nothing below the bound, then the keys that expire first so that a new one fits', () => {
    const key = (id: string, expiresInMin: number, createdMinAgo = 0) => ({ id, expiresAt: at(expiresInMin * 60_000), createdAt: at(-createdMinAgo * 60_000) });
    const nine = Array.from({ length: MAX_LIVE_LISTEN_KEYS_PER_USER - 1 }, (_, i) => key(`k${i}`, 30 + i));
    expect(listenKeysToEvict(nine, MAX_LIVE_LISTEN_KEYS_PER_USER)).toEqual([]);
    const ten = [...nine, key('soonest', 5)];
    expect(listenKeysToEvict(ten, MAX_LIVE_LISTEN_KEYS_PER_USER).map((k) => k.id)).toEqual(['soonest']);
    // Ties on the expiry: the oldest created goes first.
    const tied = [...nine.slice(1), key('newer', 5, 1), key('older', 5, 9)];
    expect(listenKeysToEvict(tied, MAX_LIVE_LISTEN_KEYS_PER_USER).map((k) => k.id)).toEqual(['older']);
    // Above the bound (it was lowered): enough go for the new one to fit.
    expect(listenKeysToEvict([...ten, key('x', 100)], MAX_LIVE_LISTEN_KEYS_PER_USER)).toHaveLength(2);
  });
});

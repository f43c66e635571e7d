import { FixedClock } from '@lib/kernel';
import { AccountStatus, AuthErrorCode, MAX_LIVE_LISTEN_KEYS_PER_USER, listenKeyId } from '../../../domain';
import { LISTEN_KEYS_CLOSED } from '../../listen-keys-closed.event';
import { InMemoryListenKeys } from '../../testing/in-memory-listen-keys';
import { FakeTransactions, RecordingOutbox, authErrorOf, testConfig } from '../../testing/in-memory-ports';
import { AuthenticateListenKeyQuery, CloseListenKeyCommand, CreateListenKeyCommand, ExtendListenKeyCommand, GetListenKeyStatusesQuery } from './listen-key.commands';
import {
  AuthenticateListenKeyHandler,
  CloseListenKeyHandler,
  CreateListenKeyHandler,
  ExtendListenKeyHandler,
  GetListenKeyStatusesHandler,
} from './listen-key.handlers';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const HOUR = 3_600_000;
const ALICE = '00000000-0000-4000-8000-00000000a11c';
const BOB = '00000000-0000-4000-8000-000000000b0b';
const BOT_KEY = 'ak_AAAAAAAAAAAAAAAAAAAAAA';

function setUp() {
  const clock = new FixedClock(NOW);
  const keys = new InMemoryListenKeys();
  keys.credentials.set(BOT_KEY, { revokedAt: null, expiresAt: null });
  keys.credentials.set('session-bob', { revokedAt: null, expiresAt: new Date(NOW.getTime() + 24 * HOUR) });
  const tx = new FakeTransactions();
  const outbox = new RecordingOutbox();
  const config = testConfig();
  const create = new CreateListenKeyHandler(keys, tx.host, outbox.writer, clock, config);
  return {
    clock,
    keys,
    tx,
    outbox,
    create: (userId = ALICE, origin: { apiKeyId: string } | { sessionId: string } = { apiKeyId: BOT_KEY }) => create.execute(new CreateListenKeyCommand(userId, origin)),
    extend: (listenKey: string, userId = ALICE) => new ExtendListenKeyHandler(keys, clock, config).execute(new ExtendListenKeyCommand(userId, listenKey)),
    close: (listenKey: string, userId = ALICE) => new CloseListenKeyHandler(keys, tx.host, outbox.writer, clock).execute(new CloseListenKeyCommand(userId, listenKey)),
    authenticate: (listenKey: unknown) => new AuthenticateListenKeyHandler(keys, clock).execute(new AuthenticateListenKeyQuery(listenKey)),
    statuses: (ids: string[]) => new GetListenKeyStatusesHandler(keys, clock).execute(new GetListenKeyStatusesQuery(ids)),
  };
}

describe('listen key handlers', () => {
  it('creates a 64-character key valid 60 minutes, stored only as its hash, tied to the API key that asked', async () => {
    const s = setUp();
    const { listenKey, expiresAt } = await s.create();
    expect(listenKey).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(expiresAt).toBe('2026-12-07T11:00:00.000Z');
    expect([...s.keys.rows.values()]).toEqual([
      { id: listenKeyId(listenKey), userId: ALICE, apiKeyId: BOT_KEY, sessionId: null, createdAt: NOW, expiresAt: new Date(expiresAt), closedAt: null },
    ]);
    expect(JSON.stringify([...s.keys.rows.values()])).not.toContain(listenKey);
    expect(s.keys.locked).toEqual([ALICE]);
    expect((await s.create()).listenKey).not.toBe(listenKey);
  });

  it('opens the stream for its owner until it expires; a PUT 50 minutes in moves the expiry to 60 minutes from then', async () => {
    const s = setUp();
    const { listenKey } = await s.create();
    expect(await s.authenticate(listenKey)).toEqual({ listenKeyId: listenKeyId(listenKey), userId: ALICE, expiresAt: new Date(NOW.getTime() + HOUR) });
    s.clock.advanceBy(50 * 60_000);
    expect(await s.extend(listenKey)).toEqual({ listenKey, expiresAt: '2026-12-07T11:50:00.000Z' });
    s.clock.advanceBy(30 * 60_000); // past the first expiry
    expect((await s.authenticate(listenKey)).expiresAt).toEqual(new Date('2026-12-07T11:50:00.000Z'));
    s.clock.set(new Date('2026-12-07T11:50:00.000Z'));
    expect((await authErrorOf(s.authenticate(listenKey))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    expect((await authErrorOf(s.extend(listenKey))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    expect(await s.statuses([listenKeyId(listenKey)])).toEqual([
      { listenKeyId: listenKeyId(listenKey), userId: ALICE, state: 'EXPIRED', accountSuspended: false, expiresAt: new Date('2026-12-07T11:50:00.000Z') },
    ]);
  });

  it('closes a key once, telling every instance; then it is 404 for PUT, DELETE and the handshake', async () => {
    const s = setUp();
    const { listenKey } = await s.create();
    await s.close(listenKey);
    expect(s.outbox.events).toEqual([{ type: LISTEN_KEYS_CLOSED, payload: { version: 1, userId: ALICE, listenKeyIds: [listenKeyId(listenKey)] } }]);
    for (const attempt of [s.close(listenKey), s.extend(listenKey), s.authenticate(listenKey)]) expect((await authErrorOf(attempt)).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    expect((await s.statuses([listenKeyId(listenKey)]))[0]!.state).toBe('CLOSED');
  });

  it('answers 404 for another user\'s key, an unknown or malformed one, and changes nothing', async () => {
    const s = setUp();
    const { listenKey, expiresAt } = await s.create();
    s.clock.advanceBy(60_000);
    for (const attempt of [s.extend(listenKey, BOB), s.close(listenKey, BOB), s.extend('x'.repeat(64)), s.close('short')]) {
      expect((await authErrorOf(attempt)).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    }
    expect((await s.authenticate(listenKey)).expiresAt.toISOString()).toBe(expiresAt);
    expect(s.outbox.events).toEqual([]);
    expect((await authErrorOf(s.authenticate(undefined))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
  });

  it('stops with its credential: the API key revoked, or the session it was created with ended', async () => {
    const s = setUp();
    const byKey = (await s.create()).listenKey;
    const bySession = (await s.create(BOB, { sessionId: 'session-bob' })).listenKey;
    expect(s.keys.rows.get(listenKeyId(bySession))).toMatchObject({ apiKeyId: null, sessionId: 'session-bob' });
    s.keys.credentials.set(BOT_KEY, { revokedAt: NOW, expiresAt: null });
    s.keys.credentials.set('session-bob', { revokedAt: NOW, expiresAt: new Date(NOW.getTime() + HOUR) });
    expect((await authErrorOf(s.authenticate(byKey))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    expect((await authErrorOf(s.extend(bySession, BOB))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    expect((await s.statuses([listenKeyId(byKey), listenKeyId(bySession)])).map((k) => k.state)).toEqual(['CLOSED', 'CLOSED']);
  });

  it('refuses a suspended owner\'s key at the handshake with ACCOUNT_SUSPENDED, and reports it to the re-check', async () => {
    const s = setUp();
    const { listenKey } = await s.create();
    s.keys.statuses.set(ALICE, AccountStatus.SUSPENDED);
    expect((await authErrorOf(s.authenticate(listenKey))).code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    expect((await s.statuses([listenKeyId(listenKey), 'not-an-id'])).map((k) => [k.state, k.accountSuspended])).toEqual([['LIVE', true]]);
  });

  it('keeps at most 10 live keys: the 11th closes the one that expires first (the least recently kept alive) and tells the sockets', async () => {
    const s = setUp();
    const created: string[] = [];
    for (let i = 0; i < MAX_LIVE_LISTEN_KEYS_PER_USER; i++) {
      created.push((await s.create()).listenKey);
      s.clock.advanceBy(1000);
    }
    // The first one was kept alive: the second is now the one that expires first.
    await s.extend(created[0]!);
    expect(s.outbox.events).toEqual([]);
    const newest = (await s.create()).listenKey;
    expect(s.outbox.events).toEqual([{ type: LISTEN_KEYS_CLOSED, payload: { version: 1, userId: ALICE, listenKeyIds: [listenKeyId(created[1]!)] } }]);
    expect((await authErrorOf(s.authenticate(created[1]!))).code).toBe(AuthErrorCode.LISTEN_KEY_NOT_FOUND);
    for (const key of [created[0]!, ...created.slice(2), newest]) await s.authenticate(key);
    // Another user's keys do not count.
    await s.create(BOB, { sessionId: 'session-bob' });
    expect(s.outbox.events).toHaveLength(1);
  });

  it('prunes the user\'s keys that ended more than a day ago when it creates one', async () => {
    const s = setUp();
    const old = (await s.create()).listenKey;
    await s.close(old);
    s.clock.advanceBy(24 * HOUR + 1);
    await s.create();
    expect(s.keys.rows.has(listenKeyId(old))).toBe(false);
    expect(s.keys.rows.size).toBe(1);
  });
});

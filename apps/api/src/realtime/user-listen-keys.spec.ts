import { QueryBus } from '@nestjs/cqrs';
import { AuthError, AuthErrorCode, AuthenticateListenKeyQuery, GetListenKeyStatusesQuery, ListenKeyStatus } from '@lib/auth';
import { ListenKeySocket, Refusal, UserListenKeys, isListenKeySession, listenKeySession } from './user-listen-keys';
import { UserConnectError } from './user-token';

const ID = 'a'.repeat(64);
const USER = '00000000-0000-4000-8000-000000000001';
const status = (overrides: Partial<ListenKeyStatus> = {}): ListenKeyStatus => ({ listenKeyId: ID, userId: USER, state: 'LIVE', accountSuspended: false, expiresAt: new Date(Date.now() + 60_000), ...overrides });

/** A QueryBus that answers each query with `answer` (or throws what it returns when that is an Error). */
function bus(answer: (query: unknown) => unknown): { queries: QueryBus; asked: unknown[] } {
  const asked: unknown[] = [];
  const queries = {
    execute: async (query: unknown) => {
      asked.push(query);
      const result = answer(query);
      if (result instanceof Error) throw result;
      return result;
    },
  } as unknown as QueryBus;
  return { queries, asked };
}

function socket(): ListenKeySocket & { said: Refusal[]; closed: boolean } {
  const s = {
    connected: true,
    data: { expiresAt: Date.now(), listenKeyId: ID },
    said: [] as Refusal[],
    closed: false,
    emit: (_event: 'error', refusal: Refusal) => s.said.push(refusal),
    disconnect: () => {
      s.closed = true;
      s.connected = false;
    },
  };
  return s;
}

async function connectCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserConnectError) return error.data.code;
    throw error;
  }
  throw new Error('admitted');
}

describe('UserListenKeys', () => {
  it('leaves a handshake without a listen key to the token path, and refuses one that sends both', async () => {
    const { queries, asked } = bus(() => status());
    const keys = new UserListenKeys(queries);
    expect(await keys.claims(undefined)).toBeNull();
    expect(await keys.claims({ token: 'x' })).toBeNull();
    expect(await connectCode(keys.claims({ token: 'x', listenKey: 'k' }))).toBe('UNAUTHENTICATED');
    expect(asked).toEqual([]);
  });

  it('admits a live key as its owner, in a session of its own that expires with the key', async () => {
    const expiresAt = new Date('2026-12-07T11:00:00Z');
    const { queries, asked } = bus(() => ({ listenKeyId: ID, userId: USER, expiresAt }));
    const claims = await new UserListenKeys(queries).claims({ listenKey: 'the key' });
    expect(claims).toEqual({ userId: USER, sessionId: `listen-key:${ID}`, expiresAt: expiresAt.getTime(), listenKeyId: ID });
    expect(asked).toEqual([new AuthenticateListenKeyQuery('the key')]);
    expect(isListenKeySession(claims!.sessionId)).toBe(true);
    expect(isListenKeySession(USER)).toBe(false);
  });

  it('maps the refusals to connect_error codes; anything else is unexpected', async () => {
    const refuse = (error: Error) => new UserListenKeys(bus(() => error).queries).claims({ listenKey: 'k' });
    expect(await connectCode(refuse(new AuthError(AuthErrorCode.LISTEN_KEY_NOT_FOUND, 'no')))).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await connectCode(refuse(new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'no')))).toBe('ACCOUNT_SUSPENDED');
    await expect(refuse(new Error('database down'))).rejects.toThrow('database down');
  });

  it('keeps a socket whose key was extended, until the new expiry', async () => {
    const later = new Date(Date.now() + 30_000);
    const keys = new UserListenKeys(bus(() => [status({ expiresAt: later })]).queries);
    const s = socket();
    let rescheduled = 0;
    await keys.expire(s, () => rescheduled++);
    expect([rescheduled, s.data.expiresAt, s.closed, s.said]).toEqual([1, later.getTime(), false, []]);
  });

  it.each([
    ['expired', [status({ state: 'EXPIRED' })], 'LISTEN_KEY_EXPIRED'],
    ['closed', [status({ state: 'CLOSED' })], 'LISTEN_KEY_CLOSED'],
    ['gone', [], 'LISTEN_KEY_CLOSED'],
    ['suspended', [status({ accountSuspended: true })], 'ACCOUNT_SUSPENDED'],
  ])('ends a socket at its key\'s expiry when the key is %s, saying why', async (_case, statuses, code) => {
    const keys = new UserListenKeys(bus(() => statuses).queries);
    const s = socket();
    await keys.expire(s, () => undefined);
    expect(s.said.map((r) => r.code)).toEqual([code]);
    expect(s.closed).toBe(true);
  });

  it('keeps the socket and reads again shortly when the read fails at the expiry', async () => {
    const keys = new UserListenKeys(bus(() => new Error('database down')).queries);
    const s = socket();
    let rescheduled = 0;
    await keys.expire(s, () => rescheduled++);
    expect(rescheduled).toBe(1);
    expect(s.data.expiresAt).toBeGreaterThan(Date.now() + 4000);
    expect(s.closed).toBe(false);
  });

  it('re-checks the keys held here in one read and drops those that must end; a failed read drops none', async () => {
    const [live, expired, gone] = ['1'.repeat(64), '2'.repeat(64), '3'.repeat(64)];
    const { queries, asked } = bus(() => [status({ listenKeyId: live }), status({ listenKeyId: expired, state: 'EXPIRED' })]);
    const dropped: [string, string][] = [];
    await new UserListenKeys(queries).recheck([live, expired, gone].map(listenKeySession), (session, refusal) => dropped.push([session, refusal.code]));
    expect(asked).toEqual([new GetListenKeyStatusesQuery([live, expired, gone])]);
    expect(dropped).toEqual([
      [listenKeySession(expired), 'LISTEN_KEY_EXPIRED'],
      [listenKeySession(gone), 'LISTEN_KEY_CLOSED'],
    ]);
    const none: unknown[] = [];
    await new UserListenKeys(bus(() => new Error('down')).queries).recheck([listenKeySession(live)], (s) => none.push(s));
    expect(none).toEqual([]);
  });

  it('drops the sockets of keys closed on any instance with LISTEN_KEY_CLOSED', () => {
    const dropped: [string, string][] = [];
    new UserListenKeys(bus(() => []).queries).closed([ID], (session, refusal) => dropped.push([session, refusal.code]));
    expect(dropped).toEqual([[listenKeySession(ID), 'LISTEN_KEY_CLOSED']]);
  });
});

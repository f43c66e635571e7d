import { AccountStatus, AuthErrorCode, SessionRevocation } from '../../../domain';
import { aUser, authErrorOf, hashOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { AuthTokens, ClientInfo } from '../../views';
import { RefreshSessionCommand } from './refresh-session.command';
import { RefreshSessionHandler } from './refresh-session.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const REFRESH_TTL_SECONDS = 3600;
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };
const config = testConfig({ JWT_REFRESH_TTL_SECONDS: String(REFRESH_TTL_SECONDS) });

function setup() {
  const fakes = inMemoryAuth(config, START);
  const { clock, users, sessions, refreshTokens, issuer, tx, principals } = fakes;
  const handler = new RefreshSessionHandler(sessions, users, refreshTokens, issuer, tx.host, clock, principals);
  const alice = users.add(aUser(START));
  const refresh = (refreshToken: string): Promise<AuthTokens> => handler.execute(new RefreshSessionCommand(refreshToken));
  return { ...fakes, alice, refresh };
}

// ---- Specs ---------------------------------------------------------------------------------------

describe('RefreshSessionHandler', () => {
  it('rotates a fresh token: new tokens for the same session, the old token marked used', async () => {
    const { clock, sessions, tx, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    const session = sessions.sessionOfToken(first.refreshToken);
    clock.advanceBy(60_000);

    const next = await refresh(first.refreshToken);

    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.user).toEqual({ id: alice.id, email: 'alice@example.com', name: 'Alice', role: alice.role });
    expect(sessions.tokens.get(hashOf(first.refreshToken))?.usedAt).toEqual(clock.now());
    const rotated = sessions.tokens.get(hashOf(next.refreshToken));
    expect(rotated).toMatchObject({ sessionId: session?.id, usedAt: null, createdAt: clock.now() });
    // The session's lifetime is absolute: rotation does not extend it.
    expect(rotated?.expiresAt).toEqual(new Date(START.getTime() + REFRESH_TTL_SECONDS * 1000));
    expect(tx.outcomes).toEqual(['committed']);
  });

  it('lets the rotated token be refreshed in turn', async () => {
    const { issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);

    const second = await refresh(first.refreshToken);
    const third = await refresh(second.refreshToken);

    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
  });

  it('on reuse of a rotated token revokes the session, commits the revocation and throws REFRESH_TOKEN_REUSED', async () => {
    const { clock, sessions, tx, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    const sessionId = sessions.sessionOfToken(first.refreshToken)?.id ?? '';
    const next = await refresh(first.refreshToken);
    clock.advanceBy(5_000);

    const error = await authErrorOf(refresh(first.refreshToken));

    expect(error.code).toBe(AuthErrorCode.REFRESH_TOKEN_REUSED);
    expect(sessions.sessions.get(sessionId)).toMatchObject({
      revokedAt: clock.now(),
      revokedReason: SessionRevocation.REFRESH_TOKEN_REUSED,
    });
    // The transaction that revoked the session committed even though the caller got an error.
    expect(tx.outcomes).toEqual(['committed', 'committed']);

    // The whole family is dead, the newest token included.
    expect((await authErrorOf(refresh(next.refreshToken))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('rejects an unknown token with INVALID_REFRESH_TOKEN and revokes nothing', async () => {
    const { sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);

    const error = await authErrorOf(refresh('refresh-that-was-never-issued'));

    expect(error.code).toBe(AuthErrorCode.INVALID_REFRESH_TOKEN);
    expect(sessions.sessionOfToken(first.refreshToken)?.revokedAt).toBeNull();
    // The real token still works.
    await expect(refresh(first.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('rejects a token past the end of its session with INVALID_REFRESH_TOKEN', async () => {
    const { clock, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    clock.advanceBy(REFRESH_TTL_SECONDS * 1000);

    expect((await authErrorOf(refresh(first.refreshToken))).code).toBe(AuthErrorCode.INVALID_REFRESH_TOKEN);
  });

  it('rejects a token of a logged-out session with SESSION_REVOKED', async () => {
    const { clock, sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    await sessions.revoke(sessions.sessionOfToken(first.refreshToken)?.id ?? '', SessionRevocation.LOGOUT, clock.now());

    expect((await authErrorOf(refresh(first.refreshToken))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('refuses a suspended user with ACCOUNT_SUSPENDED and issues no new token', async () => {
    const { clock, sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    alice.setStatus(AccountStatus.SUSPENDED, 'fraud review', clock.now());

    const error = await authErrorOf(refresh(first.refreshToken));

    expect(error.code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    expect(sessions.tokens.size).toBe(1);
  });
});

import type { AuditLog } from '@lib/platform';
import { AccountStatus, AuthErrorCode, Role } from '../../../domain';
import { ChangePasswordCommand } from '../../commands/change-password/change-password.command';
import { ChangePasswordHandler } from '../../commands/change-password/change-password.handler';
import { EnsureAdminCommand } from '../../commands/ensure-admin/ensure-admin.command';
import { EnsureAdminHandler } from '../../commands/ensure-admin/ensure-admin.handler';
import { LogOutCommand } from '../../commands/log-out/log-out.command';
import { LogOutHandler } from '../../commands/log-out/log-out.handler';
import { RefreshSessionCommand } from '../../commands/refresh-session/refresh-session.command';
import { RefreshSessionHandler } from '../../commands/refresh-session/refresh-session.handler';
import { SetUserStatusCommand } from '../../commands/set-user-status/set-user-status.command';
import { SetUserStatusHandler } from '../../commands/set-user-status/set-user-status.handler';
import { InMemoryApiKeys, aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { ClientInfo } from '../../views';
import { AuthenticateSessionHandler } from './authenticate-session.handler';
import { AuthenticateSessionQuery } from './authenticate-session.query';

/** The audit log is the platform's (its own int and e2e tests): a no-op here. */
const NO_AUDIT = { append: () => Promise.resolve() } as unknown as AuditLog;

const START = new Date('2030-01-01T00:00:00.000Z');
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };
const PASSWORD = 'correct horse battery staple';

/** A long TTL: every refusal below must come from an invalidation, not from expiry. */
function setup(env: Record<string, string> = { AUTH_SESSION_CACHE_MS: '60000' }) {
  const config = testConfig({ JWT_REFRESH_TTL_SECONDS: '3600', ...env });
  const fakes = inMemoryAuth(config, START);
  const { clock, users, sessions, refreshTokens, issuer, hasher, tx, principals, limiter } = fakes;
  const reads = jest.spyOn(sessions, 'findPrincipal');
  const handler = new AuthenticateSessionHandler(sessions, clock, principals);
  const alice = users.add(aUser(START, { passwordHash: `hashed:${PASSWORD}` }));
  const admin = users.add(aUser(START, { id: 'user-admin', email: 'admin@example.com', role: Role.ADMIN }));
  const authenticate = (userId: string, sessionId: string) => handler.execute(new AuthenticateSessionQuery(userId, sessionId));
  const open = async (user = alice) => {
    const tokens = await issuer.open(user, CLIENT);
    return { ...tokens, sessionId: sessions.sessionOfToken(tokens.refreshToken)?.id ?? '' };
  };
  const commands = {
    logOut: new LogOutHandler(sessions, clock, principals),
    setStatus: new SetUserStatusHandler(users, sessions, tx.host, clock, principals, fakes.outbox.writer, NO_AUDIT),
    changePassword: new ChangePasswordHandler(users, sessions, hasher, tx.host, clock, principals, limiter, new InMemoryApiKeys()),
    refresh: new RefreshSessionHandler(sessions, users, refreshTokens, issuer, tx.host, clock, principals),
    ensureAdmin: new EnsureAdminHandler(users, sessions, hasher, tx.host, clock, principals, NO_AUDIT),
  };
  return { ...fakes, reads, alice, admin, authenticate, open, commands };
}

describe('AuthenticateSessionHandler with the principal cache', () => {
  it('answers a warm session from memory', async () => {
    const { alice, reads, authenticate, open } = setup();
    const { sessionId } = await open();
    const principal = await authenticate(alice.id, sessionId);
    expect(await authenticate(alice.id, sessionId)).toEqual(principal);
    expect(principal).toEqual({ userId: alice.id, sessionId, email: alice.email, role: alice.role });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('refuses a warm session right after log-out', async () => {
    const { alice, authenticate, open, commands } = setup();
    const { sessionId } = await open();
    await authenticate(alice.id, sessionId);
    await commands.logOut.execute(new LogOutCommand(sessionId));
    expect((await authErrorOf(authenticate(alice.id, sessionId))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('refuses every warm session of an account right after its suspension, and only those', async () => {
    const { alice, admin, authenticate, open, commands } = setup();
    const [one, two, admins] = [await open(), await open(), await open(admin)];
    for (const { sessionId } of [one, two]) await authenticate(alice.id, sessionId);
    await authenticate(admin.id, admins.sessionId);

    await commands.setStatus.execute(new SetUserStatusCommand(admin.id, alice.id, AccountStatus.SUSPENDED, 'spec'));

    for (const { sessionId } of [one, two]) {
      expect((await authErrorOf(authenticate(alice.id, sessionId))).code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    }
    expect((await authenticate(admin.id, admins.sessionId)).userId).toBe(admin.id);
  });

  it('refuses the other warm sessions right after a password change, keeps the one that changed it', async () => {
    const { alice, authenticate, open, commands } = setup();
    const [current, other] = [await open(), await open()];
    for (const { sessionId } of [current, other]) await authenticate(alice.id, sessionId);

    await commands.changePassword.execute(new ChangePasswordCommand(alice.id, current.sessionId, PASSWORD, 'another long passphrase 42'));

    expect((await authErrorOf(authenticate(alice.id, other.sessionId))).code).toBe(AuthErrorCode.SESSION_REVOKED);
    expect((await authenticate(alice.id, current.sessionId)).sessionId).toBe(current.sessionId);
  });

  it('refuses a warm session right after a refresh-token reuse revoked it; a plain rotation keeps it', async () => {
    const { alice, authenticate, open, commands } = setup();
    const first = await open();
    await authenticate(alice.id, first.sessionId);
    await commands.refresh.execute(new RefreshSessionCommand(first.refreshToken));
    expect((await authenticate(alice.id, first.sessionId)).sessionId).toBe(first.sessionId);

    await authErrorOf(commands.refresh.execute(new RefreshSessionCommand(first.refreshToken)));

    expect((await authErrorOf(authenticate(alice.id, first.sessionId))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('refuses a warm session at once when EnsureAdmin promotes its account (ADMIN_ALLOW_PROMOTION)', async () => {
    const { alice, authenticate, open, commands } = setup();
    const { sessionId } = await open();
    expect((await authenticate(alice.id, sessionId)).role).toBe(Role.USER);
    await commands.ensureAdmin.execute(new EnsureAdminCommand(alice.email, PASSWORD, true));
    expect((await authErrorOf(authenticate(alice.id, sessionId))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('ends a cached session at its exact expiry', async () => {
    const { clock, alice, reads, authenticate, open } = setup();
    const { sessionId } = await open();
    clock.advanceBy(3600_000 - 30_000);
    await authenticate(alice.id, sessionId);
    clock.advanceBy(30_000);
    expect((await authErrorOf(authenticate(alice.id, sessionId))).code).toBe(AuthErrorCode.SESSION_REVOKED);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});

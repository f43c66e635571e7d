import type { AuditAction, AuditLog } from '@lib/platform';
import { AuthErrorCode, Role } from '../../../domain';
import { AuthenticateSessionHandler } from '../../queries/authenticate-session/authenticate-session.handler';
import { AuthenticateSessionQuery } from '../../queries/authenticate-session/authenticate-session.query';
import { aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { ChangeUserRoleCommand } from './change-user-role.command';
import { ChangeUserRoleHandler } from './change-user-role.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const CLIENT = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };

function setup() {
  // The principal cache on (10 s): a role change must still be seen on the next request.
  const fakes = inMemoryAuth(testConfig({ AUTH_SESSION_CACHE_MS: '10000' }), START);
  const { users, sessions, tx, clock, principals } = fakes;
  const audited: AuditAction[] = [];
  const audit = { append: (a: AuditAction) => (audited.push(a), Promise.resolve()) } as unknown as AuditLog;
  const handler = new ChangeUserRoleHandler(users, tx.host, clock, principals, audit);
  const authenticate = new AuthenticateSessionHandler(sessions, clock, principals);
  const admin = users.add(aUser(START, { id: 'user-admin', email: 'admin@example.com', role: Role.ADMIN }));
  const other = users.add(aUser(START, { id: 'user-other', email: 'other@example.com', role: Role.ADMIN }));
  return { ...fakes, handler, authenticate, admin, other, audited };
}

describe('ChangeUserRoleHandler', () => {
  it('demotes an admin, audited with before and after; the next request of a live session has the new role', async () => {
    const { handler, authenticate, issuer, admin, other, audited, tx } = setup();
    const tokens = await issuer.open(other, CLIENT);
    const sessionId = sessionOf(tokens.accessToken);
    // Cached now: the change must drop it.
    expect((await authenticate.execute(new AuthenticateSessionQuery(other.id, sessionId))).role).toBe(Role.ADMIN);
    const view = await handler.execute(new ChangeUserRoleCommand(admin.id, other.id, Role.USER, 'left the team'));
    expect(view.role).toBe(Role.USER);
    expect((await authenticate.execute(new AuthenticateSessionQuery(other.id, sessionId))).role).toBe(Role.USER);
    expect(audited).toEqual([{ actorId: admin.id, action: 'ROLE_CHANGED', target: `user:${other.id}`, before: { role: Role.ADMIN }, after: { role: Role.USER }, reason: 'left the team' }]);
    expect(tx.outcomes).toEqual(['committed']);
  });

  it('refuses an admin\'s own role and an unknown user; the same role changes and records nothing', async () => {
    const { handler, admin, other, audited, users } = setup();
    expect((await authErrorOf(handler.execute(new ChangeUserRoleCommand(admin.id, admin.id, Role.USER, 'oops')))).code).toBe(AuthErrorCode.CANNOT_CHANGE_OWN_ROLE);
    expect((await authErrorOf(handler.execute(new ChangeUserRoleCommand(admin.id, 'user-nobody', Role.USER, 'who')))).code).toBe(AuthErrorCode.USER_NOT_FOUND);
    expect((await handler.execute(new ChangeUserRoleCommand(admin.id, other.id, Role.ADMIN, 'again'))).role).toBe(Role.ADMIN);
    expect(audited).toEqual([]);
    expect(users.updated).toEqual([]);
  });
});

/** The fake access tokens carry the session id in their text: `access.<user>.<session>.<n>` (fake-tokens.ts). */
function sessionOf(accessToken: string): string {
  return accessToken.split('.')[2]!;
}

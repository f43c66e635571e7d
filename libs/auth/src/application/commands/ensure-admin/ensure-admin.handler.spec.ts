import type { AuditAction, AuditLog } from '@lib/platform';
import { AccountStatus, AuthErrorCode, Role, SessionRevocation } from '../../../domain';
import { aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { EnsureAdminCommand } from './ensure-admin.command';
import { EnsureAdminHandler } from './ensure-admin.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const PASSWORD = 'admin passphrase for tests';
const CLIENT = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };

function setup() {
  const fakes = inMemoryAuth(testConfig(), START);
  const { users, sessions, hasher, tx, clock, principals } = fakes;
  const audited: AuditAction[] = [];
  const audit = { append: (a: AuditAction) => (audited.push(a), Promise.resolve()) } as unknown as AuditLog;
  const handler = new EnsureAdminHandler(users, sessions, hasher, tx.host, clock, principals, audit);
  return { ...fakes, audited, ensure: (email: string, allowPromotion = false) => handler.execute(new EnsureAdminCommand(email, PASSWORD, allowPromotion)) };
}

describe('EnsureAdminHandler (ADMIN_EMAIL at boot)', () => {
  it('creates the admin when no account has the address', async () => {
    const { ensure, users } = setup();
    const admin = await ensure('Boss@Example.com');
    expect(admin).toMatchObject({ email: 'boss@example.com', role: Role.ADMIN, status: AccountStatus.ACTIVE });
    expect((await users.findByEmail('boss@example.com'))?.role).toBe(Role.ADMIN);
  });

  it('refuses to promote an existing USER account, changing nothing', async () => {
    const { ensure, users, issuer, sessions } = setup();
    const squatter = users.add(aUser(START, { email: 'boss@example.com', passwordHash: 'hashed:their own password' }));
    const tokens = await issuer.open(squatter, CLIENT);
    const error = await authErrorOf(ensure('boss@example.com'));
    expect(error.code).toBe(AuthErrorCode.ADMIN_PROMOTION_REFUSED);
    expect(error.message).toContain('ADMIN_ALLOW_PROMOTION');
    expect(squatter.role).toBe(Role.USER);
    expect(squatter.passwordHash).toBe('hashed:their own password');
    expect(users.updated).toEqual([]);
    expect(sessions.sessionOfToken(tokens.refreshToken)?.revokedAt).toBeNull();
  });

  it('promotes it when allowed, with the configured password, and revokes every session it had (audited)', async () => {
    const { ensure, users, issuer, sessions, audited } = setup();
    const account = users.add(aUser(START, { email: 'boss@example.com', passwordHash: 'hashed:their own password' }));
    const tokens = [await issuer.open(account, CLIENT), await issuer.open(account, CLIENT)];
    await ensure('boss@example.com', true);
    expect(account.role).toBe(Role.ADMIN);
    expect(account.passwordHash).toBe(`hashed:${PASSWORD}`);
    for (const { refreshToken } of tokens) expect(sessions.sessionOfToken(refreshToken)).toMatchObject({ revokedReason: SessionRevocation.ADMIN_BOOTSTRAP });
    expect(audited).toEqual([expect.objectContaining({ actorId: null, action: 'ROLE_CHANGED', target: `user:${account.id}`, before: { role: Role.USER }, after: { role: Role.ADMIN } })]);
  });

  it('keeps an existing admin with the same password as it is, sessions included (nothing audited)', async () => {
    const { ensure, users, issuer, sessions, audited } = setup();
    const admin = users.add(aUser(START, { email: 'boss@example.com', role: Role.ADMIN, passwordHash: `hashed:${PASSWORD}` }));
    const tokens = await issuer.open(admin, CLIENT);
    await ensure('boss@example.com');
    expect(admin.role).toBe(Role.ADMIN);
    expect(sessions.sessionOfToken(tokens.refreshToken)?.revokedAt).toBeNull();
    expect(audited).toEqual([]);
  });
});

import type { AuditLog } from '@lib/platform';
import { AccountStatus, AuthErrorCode, Role } from '../../../domain';
import { aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { USER_STATUS_CHANGED } from '../../user-status-changed.event';
import { SetUserStatusCommand } from './set-user-status.command';
import { SetUserStatusHandler } from './set-user-status.handler';

/** The audit log is the platform's (its own int and e2e tests): a no-op here. */
const NO_AUDIT = { append: () => Promise.resolve() } as unknown as AuditLog;

const START = new Date('2030-01-01T00:00:00.000Z');

function setup() {
  const fakes = inMemoryAuth(testConfig(), START);
  const { users, sessions, tx, clock, principals, outbox } = fakes;
  const handler = new SetUserStatusHandler(users, sessions, tx.host, clock, principals, outbox.writer, NO_AUDIT);
  const alice = users.add(aUser(START));
  const admin = users.add(aUser(START, { id: 'user-admin', email: 'admin@example.com', role: Role.ADMIN }));
  return { ...fakes, handler, alice, admin };
}

describe('SetUserStatusHandler', () => {
  it('tells the other contexts in the same transaction: auth.UserStatusChanged on suspension and on reactivation', async () => {
    const { handler, alice, admin, outbox, tx } = setup();
    await handler.execute(new SetUserStatusCommand(admin.id, alice.id, AccountStatus.SUSPENDED, 'fraud review'));
    await handler.execute(new SetUserStatusCommand(admin.id, alice.id, AccountStatus.ACTIVE, null));
    expect(outbox.events).toEqual([
      { type: USER_STATUS_CHANGED, payload: { userId: alice.id, status: AccountStatus.SUSPENDED, reason: 'fraud review' } },
      { type: USER_STATUS_CHANGED, payload: { userId: alice.id, status: AccountStatus.ACTIVE, reason: null } },
    ]);
    expect(tx.outcomes).toEqual(['committed', 'committed']);
  });

  it('writes no event for a refused change', async () => {
    const { handler, admin, outbox } = setup();
    expect((await authErrorOf(handler.execute(new SetUserStatusCommand(admin.id, admin.id, AccountStatus.SUSPENDED, 'x')))).code).toBe(AuthErrorCode.CANNOT_CHANGE_OWN_STATUS);
    expect((await authErrorOf(handler.execute(new SetUserStatusCommand(admin.id, 'user-nobody', AccountStatus.SUSPENDED, 'x')))).code).toBe(AuthErrorCode.USER_NOT_FOUND);
    expect(outbox.events).toEqual([]);
  });
});

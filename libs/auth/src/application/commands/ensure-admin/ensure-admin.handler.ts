import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { AuditLog, TransactionHost } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, Role, SessionRevocation, User, assertPasswordPolicy, normalizeEmail } from '../../../domain';
import { PasswordHasher, SessionRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { UserView, toUserView } from '../../views';
import { EnsureAdminCommand } from './ensure-admin.command';

@CommandHandler(EnsureAdminCommand)
export class EnsureAdminHandler implements ICommandHandler<EnsureAdminCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: EnsureAdminCommand): Promise<UserView> {
    const email = normalizeEmail(command.email);
    assertPasswordPolicy(command.password, email);
    const now = this.clock.now();
    const existing = await this.users.findByEmail(email);
    if (!existing) {
      const hash = await this.hasher.hash(command.password);
      const admin = User.register({ id: newId(), email, name: 'Administrator', passwordHash: hash, role: Role.ADMIN, now });
      try {
        await this.tx.withTransaction(() => this.users.insert(admin));
        return toUserView(admin);
      } catch (error) {
        // Two instances booting at once: the loser of the insert race updates the winner's row.
        if (error instanceof AuthError && error.code === AuthErrorCode.EMAIL_TAKEN) return this.execute(command);
        throw error;
      }
    }
    // Anyone may have registered this address: making that account the admin silently would hand the
    // platform to whoever did, with the sessions they already hold. Only on purpose, and then from scratch.
    const before = existing.role;
    const promoted = before !== Role.ADMIN;
    if (promoted && !command.allowPromotion) {
      throw new AuthError(
        AuthErrorCode.ADMIN_PROMOTION_REFUSED,
        `ADMIN_EMAIL names an existing account (${email}) that is not an admin. Refusing to promote it: set ADMIN_ALLOW_PROMOTION=true to make it the admin (its sessions are revoked), or choose another ADMIN_EMAIL`,
        { email },
      );
    }
    existing.grantRole(Role.ADMIN, now);
    existing.setStatus(AccountStatus.ACTIVE, null, now);
    const passwordReset = !(await this.hasher.verify(existing.passwordHash, command.password));
    if (passwordReset) existing.changePasswordHash(await this.hasher.hash(command.password), now);
    await this.tx.withTransaction(async () => {
      await this.users.update(existing);
      // New powers or new credentials: nothing opened before keeps working.
      if (promoted || passwordReset) await this.sessions.revokeAllOfUser(existing.id, SessionRevocation.ADMIN_BOOTSTRAP, now);
      // A role change like any other, by the platform (no actor): the boot's configuration asked for it.
      if (promoted) {
        await this.audit.append({ actorId: null, action: 'ROLE_CHANGED', target: `user:${existing.id}`, before: { role: before }, after: { role: Role.ADMIN }, reason: 'ADMIN_EMAIL with ADMIN_ALLOW_PROMOTION at boot' });
      }
    });
    // After the commit: the role and the status of the admin's live sessions changed.
    this.principals.invalidateUser(existing.id);
    return toUserView(existing);
  }
}

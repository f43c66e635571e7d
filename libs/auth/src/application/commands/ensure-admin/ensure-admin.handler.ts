import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, Role, User, assertPasswordPolicy, normalizeEmail } from '../../../domain';
import { PasswordHasher, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { UserView, toUserView } from '../../views';
import { EnsureAdminCommand } from './ensure-admin.command';

@CommandHandler(EnsureAdminCommand)
export class EnsureAdminHandler implements ICommandHandler<EnsureAdminCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
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
    existing.grantRole(Role.ADMIN, now);
    existing.setStatus(AccountStatus.ACTIVE, null, now);
    if (!(await this.hasher.verify(existing.passwordHash, command.password))) {
      existing.changePasswordHash(await this.hasher.hash(command.password), now);
    }
    await this.tx.withTransaction(() => this.users.update(existing));
    // After the commit: the role and the status of the admin's live sessions changed.
    this.principals.invalidateUser(existing.id);
    return toUserView(existing);
  }
}

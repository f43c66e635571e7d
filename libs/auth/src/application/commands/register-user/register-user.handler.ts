import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { User, assertPasswordPolicy, normalizeEmail } from '../../../domain';
import { PasswordHasher, UserRepository } from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { AuthTokens } from '../../views';
import { UserRegistered } from '../../auth-activity.events';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RegisterUserCommand): Promise<AuthTokens> {
    const email = normalizeEmail(command.email);
    assertPasswordPolicy(command.password, email);
    // Hashing takes tens of milliseconds: never while holding a transaction.
    const passwordHash = await this.hasher.hash(command.password);
    const user = User.register({ id: newId(), email, name: command.name, passwordHash, now: this.clock.now() });
    const tokens = await this.tx.withTransaction(async () => {
      await this.users.insert(user);
      return this.sessions.open(user, command.client);
    });
    this.events.publish(new UserRegistered(user.id, this.clock.now()));
    return tokens;
  }
}

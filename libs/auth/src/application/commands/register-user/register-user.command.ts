import { Command } from '@nestjs/cqrs';
import { AuthTokens, ClientInfo } from '../../views';

export class RegisterUserCommand extends Command<AuthTokens> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly name: string,
    readonly client: ClientInfo,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import { AuthTokens, ClientInfo } from '../../views';

export class LogInCommand extends Command<AuthTokens> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly client: ClientInfo,
  ) {
    super();
  }
}

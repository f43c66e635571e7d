import { Command } from '@nestjs/cqrs';
import { ClientInfo } from '../../views';
import type { LoginResult } from '../two-factor/two-factor.commands';

/** Tokens, or (2FA on) a challenge to finish with CompleteMfaLoginCommand. */
export class LogInCommand extends Command<LoginResult> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly client: ClientInfo,
  ) {
    super();
  }
}

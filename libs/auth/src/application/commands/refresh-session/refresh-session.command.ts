import { Command } from '@nestjs/cqrs';
import { AuthTokens } from '../../views';

export class RefreshSessionCommand extends Command<AuthTokens> {
  constructor(readonly refreshToken: string) {
    super();
  }
}

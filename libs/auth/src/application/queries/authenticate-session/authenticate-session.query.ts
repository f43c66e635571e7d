import { Query } from '@nestjs/cqrs';
import { Principal } from '../../views';

/**
 * Turns verified access-token claims into a principal: the session must be
 * live and the account active, so logout and suspension take effect at once.
 */
export class AuthenticateSessionQuery extends Query<Principal> {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}

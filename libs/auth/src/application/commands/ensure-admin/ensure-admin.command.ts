import { Command } from '@nestjs/cqrs';
import { UserView } from '../../views';

/**
 * Boot-time: the configured admin exists, is ACTIVE, has role ADMIN and the
 * configured password. An existing account that is not an admin is refused
 * (ADMIN_PROMOTION_REFUSED) unless `allowPromotion`: then it is promoted and
 * every one of its sessions is revoked.
 */
export class EnsureAdminCommand extends Command<UserView> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly allowPromotion = false,
  ) {
    super();
  }
}

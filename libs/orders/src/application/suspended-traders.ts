import { Injectable } from '@nestjs/common';

/** The reason on an order the platform ended because its owner was suspended. */
export const ACCOUNT_SUSPENDED_REASON = 'ACCOUNT_SUSPENDED';

/**
 * The suspended accounts this instance knows of. The matching pass refuses to
 * settle anything of theirs (a new order, or a fill against a resting one):
 * between the moment a suspension starts and the moment its cancel-all has
 * run in every market, none of the account's orders can trade. Filled by
 * SuspendTrading (before the status change commits, on the instance that
 * runs the suspend call) and by the `auth.UserStatusChanged` events (every
 * instance); emptied by ResumeTrading.
 */
@Injectable()
export class SuspendedTraders {
  private readonly users = new Set<string>();

  /** False almost always: the matching pass looks no further. */
  get any(): boolean {
    return this.users.size > 0;
  }

  has(userId: string): boolean {
    return this.users.has(userId);
  }

  suspend(userId: string): void {
    this.users.add(userId);
  }

  resume(userId: string): void {
    this.users.delete(userId);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AccountStatus, AuthError, AuthErrorCode, GetAccountStatusesQuery, GetUserQuery, SetUserStatusCommand } from '@lib/auth';
import type { UserView } from '@lib/auth';
import { ResumeTradingCommand, SuspendTradingCommand } from '@lib/orders';
import { HoldWithdrawalsCommand, ResumeWithdrawalsCommand } from '@lib/wallet';

/**
 * What a suspension does to money, in an order that leaves no window
 * (docs/auth.md, "Suspension"). Suspend: the orders context first (from then
 * on nothing of the account trades on this instance, and its open orders are
 * cancelled with ACCOUNT_SUSPENDED), then the status (sessions revoked, the
 * event for the other instances), then its pending withdrawals are held.
 * Reactivate: the status, then the withdrawals resume with the delay they had
 * left, then trading. Each step is idempotent, and `auth.UserStatusChanged`
 * makes the wallet and the orders follow the status even if a call stops
 * half-way.
 */
@Injectable()
export class AccountSuspension {
  private readonly logger = new Logger(AccountSuspension.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async suspend(actorId: string, userId: string, reason: string): Promise<UserView> {
    // The refusals SetUserStatus would give, before anything is cancelled.
    if (actorId === userId) throw new AuthError(AuthErrorCode.CANNOT_CHANGE_OWN_STATUS, 'An admin cannot change the status of their own account');
    await this.queries.execute(new GetUserQuery(userId));
    await this.commands.execute(new SuspendTradingCommand(userId));
    let user: UserView;
    try {
      user = await this.commands.execute(new SetUserStatusCommand(actorId, userId, AccountStatus.SUSPENDED, reason));
    } catch (error) {
      await this.resumeTradingUnlessSuspended(userId);
      throw error;
    }
    await this.commands.execute(new HoldWithdrawalsCommand(userId));
    return user;
  }

  async reactivate(actorId: string, userId: string): Promise<UserView> {
    const user = await this.commands.execute(new SetUserStatusCommand(actorId, userId, AccountStatus.ACTIVE, null));
    await this.commands.execute(new ResumeWithdrawalsCommand(userId));
    await this.commands.execute(new ResumeTradingCommand(userId));
    return user;
  }

  /** The status change failed (the database, not the checks above): trading follows the status it kept. */
  private async resumeTradingUnlessSuspended(userId: string): Promise<void> {
    try {
      const statuses = await this.queries.execute(new GetAccountStatusesQuery([userId]));
      if (statuses[userId] !== AccountStatus.SUSPENDED) await this.commands.execute(new ResumeTradingCommand(userId));
    } catch (error) {
      // The account stays refused on this instance until its next status event; its orders were cancelled anyway.
      this.logger.error(`could not resume trading for ${userId} after a failed suspension: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { KillSwitchGuard } from './kill-switch-guard';
import { KillSwitchView, KillSwitches } from './kill-switches';

/** POST /risk/kill-switch: sets the user's daily loss limit on a settlement asset (a triggered switch stays triggered). */
export class ArmKillSwitchCommand extends Command<KillSwitchView> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly maxDailyLoss: string,
  ) {
    super();
  }
}

/** DELETE /risk/kill-switch: removes it, and its block. */
export class ClearKillSwitchCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly asset: string,
  ) {
    super();
  }
}

/** GET /risk/kill-switch: the user's switches, with the day's result now. */
export class GetKillSwitchesQuery extends Query<KillSwitchView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@CommandHandler(ArmKillSwitchCommand)
export class ArmKillSwitchHandler implements ICommandHandler<ArmKillSwitchCommand> {
  constructor(private readonly switches: KillSwitches) {}

  execute(c: ArmKillSwitchCommand): Promise<KillSwitchView> {
    return this.switches.arm(c.userId, c.asset, c.maxDailyLoss);
  }
}

@CommandHandler(ClearKillSwitchCommand)
export class ClearKillSwitchHandler implements ICommandHandler<ClearKillSwitchCommand> {
  constructor(
    private readonly switches: KillSwitches,
    private readonly guard: KillSwitchGuard,
  ) {}

  async execute(c: ClearKillSwitchCommand): Promise<void> {
    await this.switches.clear(c.userId, c.asset);
    this.guard.unblock(c.userId, c.asset);
  }
}

@QueryHandler(GetKillSwitchesQuery)
export class GetKillSwitchesHandler implements IQueryHandler<GetKillSwitchesQuery> {
  constructor(private readonly switches: KillSwitches) {}

  execute(q: GetKillSwitchesQuery): Promise<KillSwitchView[]> {
    return this.switches.list(q.userId);
  }
}

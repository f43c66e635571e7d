import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { BacktestInput } from './backtest-request';
import { Backtests } from './backtests';
import type { BacktestPage, BacktestView } from './views';

/** POST /backtests: stored QUEUED, run off the request path. */
export class SubmitBacktestCommand extends Command<BacktestView> {
  constructor(
    readonly userId: string,
    readonly input: BacktestInput,
  ) {
    super();
  }
}

/** DELETE /backtests/:id. */
export class CancelBacktestCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly backtestId: string,
  ) {
    super();
  }
}

/** GET /backtests/:id: with its result when DONE. */
export class GetBacktestQuery extends Query<BacktestView> {
  constructor(
    readonly userId: string,
    readonly backtestId: string,
  ) {
    super();
  }
}

/** GET /backtests: newest first, without results. */
export class ListBacktestsQuery extends Query<BacktestPage> {
  constructor(
    readonly userId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@CommandHandler(SubmitBacktestCommand)
export class SubmitBacktestHandler implements ICommandHandler<SubmitBacktestCommand> {
  constructor(private readonly backtests: Backtests) {}
  execute(c: SubmitBacktestCommand): Promise<BacktestView> {
    return this.backtests.submit(c.userId, c.input);
  }
}

@CommandHandler(CancelBacktestCommand)
export class CancelBacktestHandler implements ICommandHandler<CancelBacktestCommand> {
  constructor(private readonly backtests: Backtests) {}
  execute(c: CancelBacktestCommand): Promise<void> {
    return this.backtests.cancel(c.userId, c.backtestId);
  }
}

@QueryHandler(GetBacktestQuery)
export class GetBacktestHandler implements IQueryHandler<GetBacktestQuery> {
  constructor(private readonly backtests: Backtests) {}
  execute(q: GetBacktestQuery): Promise<BacktestView> {
    return this.backtests.get(q.userId, q.backtestId);
  }
}

@QueryHandler(ListBacktestsQuery)
export class ListBacktestsHandler implements IQueryHandler<ListBacktestsQuery> {
  constructor(private readonly backtests: Backtests) {}
  execute(q: ListBacktestsQuery): Promise<BacktestPage> {
    return this.backtests.list(q.userId, q.cursor, q.limit);
  }
}

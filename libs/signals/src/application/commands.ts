import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NewSignalRule, SignalRuleChanges, SignalRules } from './signal-rules';
import { SignalFiringPage, SignalRuleView, SignalStatsView } from './views';

export class CreateSignalRuleCommand extends Command<SignalRuleView> {
  constructor(readonly userId: string, readonly rule: NewSignalRule) {
    super();
  }
}

export class UpdateSignalRuleCommand extends Command<SignalRuleView> {
  constructor(readonly userId: string, readonly id: string, readonly changes: SignalRuleChanges) {
    super();
  }
}

export class DeleteSignalRuleCommand extends Command<void> {
  constructor(readonly userId: string, readonly id: string) {
    super();
  }
}

export class ListSignalRulesQuery extends Query<SignalRuleView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

export class GetSignalRuleQuery extends Query<SignalRuleView> {
  constructor(readonly userId: string, readonly id: string) {
    super();
  }
}

/** A rule's firings, newest first; `before` is the previous page's nextCursor (an open time). */
export class ListSignalFiringsQuery extends Query<SignalFiringPage> {
  constructor(readonly userId: string, readonly id: string, readonly limit: number, readonly before: Date | null) {
    super();
  }
}

export class GetSignalStatsQuery extends Query<SignalStatsView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@CommandHandler(CreateSignalRuleCommand)
export class CreateSignalRuleHandler implements ICommandHandler<CreateSignalRuleCommand> {
  constructor(private readonly rules: SignalRules) {}
  execute(c: CreateSignalRuleCommand): Promise<SignalRuleView> {
    return this.rules.create(c.userId, c.rule);
  }
}

@CommandHandler(UpdateSignalRuleCommand)
export class UpdateSignalRuleHandler implements ICommandHandler<UpdateSignalRuleCommand> {
  constructor(private readonly rules: SignalRules) {}
  execute(c: UpdateSignalRuleCommand): Promise<SignalRuleView> {
    return this.rules.update(c.userId, c.id, c.changes);
  }
}

@CommandHandler(DeleteSignalRuleCommand)
export class DeleteSignalRuleHandler implements ICommandHandler<DeleteSignalRuleCommand> {
  constructor(private readonly rules: SignalRules) {}
  execute(c: DeleteSignalRuleCommand): Promise<void> {
    return this.rules.remove(c.userId, c.id);
  }
}

@QueryHandler(ListSignalRulesQuery)
export class ListSignalRulesHandler implements IQueryHandler<ListSignalRulesQuery> {
  constructor(private readonly rules: SignalRules) {}
  execute(q: ListSignalRulesQuery): Promise<SignalRuleView[]> {
    return this.rules.list(q.userId);
  }
}

@QueryHandler(GetSignalRuleQuery)
export class GetSignalRuleHandler implements IQueryHandler<GetSignalRuleQuery> {
  constructor(private readonly rules: SignalRules) {}
  execute(q: GetSignalRuleQuery): Promise<SignalRuleView> {
    return this.rules.get(q.userId, q.id);
  }
}

@QueryHandler(ListSignalFiringsQuery)
export class ListSignalFiringsHandler implements IQueryHandler<ListSignalFiringsQuery> {
  constructor(private readonly rules: SignalRules) {}
  execute(q: ListSignalFiringsQuery): Promise<SignalFiringPage> {
    return this.rules.firings(q.userId, q.id, q.limit, q.before);
  }
}

@QueryHandler(GetSignalStatsQuery)
export class GetSignalStatsHandler implements IQueryHandler<GetSignalStatsQuery> {
  constructor(private readonly rules: SignalRules) {}
  execute(q: GetSignalStatsQuery): Promise<SignalStatsView[]> {
    return this.rules.stats(q.userId);
  }
}

export const SIGNAL_HANDLERS = [
  CreateSignalRuleHandler,
  UpdateSignalRuleHandler,
  DeleteSignalRuleHandler,
  ListSignalRulesHandler,
  GetSignalRuleHandler,
  ListSignalFiringsHandler,
  GetSignalStatsHandler,
];

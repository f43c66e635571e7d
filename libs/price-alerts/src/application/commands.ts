import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NewAlert, PriceAlerts } from './price-alerts';
import { AlertHistoryPage, AlertView } from './views';

/** POST /alerts. */
export class CreatePriceAlertCommand extends Command<AlertView> {
  constructor(
    readonly userId: string,
    readonly alert: NewAlert,
  ) {
    super();
  }
}

/** DELETE /alerts/:id: the owner's active alert, CANCELLED. */
export class CancelPriceAlertCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly alertId: string,
  ) {
    super();
  }
}

/** GET /alerts: the user's active alerts, oldest first. */
export class ListPriceAlertsQuery extends Query<AlertView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

/** GET /alerts/history: firings and endings, newest first. */
export class GetPriceAlertHistoryQuery extends Query<AlertHistoryPage> {
  constructor(
    readonly userId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@CommandHandler(CreatePriceAlertCommand)
export class CreatePriceAlertHandler implements ICommandHandler<CreatePriceAlertCommand> {
  constructor(private readonly alerts: PriceAlerts) {}
  execute(c: CreatePriceAlertCommand): Promise<AlertView> {
    return this.alerts.create(c.userId, c.alert);
  }
}

@CommandHandler(CancelPriceAlertCommand)
export class CancelPriceAlertHandler implements ICommandHandler<CancelPriceAlertCommand> {
  constructor(private readonly alerts: PriceAlerts) {}
  execute(c: CancelPriceAlertCommand): Promise<void> {
    return this.alerts.cancel(c.userId, c.alertId);
  }
}

@QueryHandler(ListPriceAlertsQuery)
export class ListPriceAlertsHandler implements IQueryHandler<ListPriceAlertsQuery> {
  constructor(private readonly alerts: PriceAlerts) {}
  execute(q: ListPriceAlertsQuery): Promise<AlertView[]> {
    return this.alerts.active(q.userId);
  }
}

@QueryHandler(GetPriceAlertHistoryQuery)
export class GetPriceAlertHistoryHandler implements IQueryHandler<GetPriceAlertHistoryQuery> {
  constructor(private readonly alerts: PriceAlerts) {}
  execute(q: GetPriceAlertHistoryQuery): Promise<AlertHistoryPage> {
    return this.alerts.history(q.userId, q.cursor, q.limit);
  }
}

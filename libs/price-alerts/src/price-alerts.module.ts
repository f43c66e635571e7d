import { Module } from '@nestjs/common';
import { AlertEvaluator } from './application/alert-evaluator';
import { CancelPriceAlertHandler, CreatePriceAlertHandler, GetPriceAlertHistoryHandler, ListPriceAlertsHandler } from './application/commands';
import { PriceAlertRepository } from './application/ports';
import { PriceAlerts } from './application/price-alerts';
import { AlertWakeup } from './infrastructure/alert-wakeup';
import { SqlPriceAlertRepository } from './infrastructure/sql-price-alert.repository';

/**
 * The price alerts context (issue 18, docs/price-alerts.md): users' alerts on
 * a market's mark, last trade or 24 h change, evaluated by one instance with
 * an index by level, fired once per crossing and delivered on /user.
 */
@Module({
  providers: [
    { provide: PriceAlertRepository, useClass: SqlPriceAlertRepository },
    PriceAlerts,
    AlertEvaluator,
    AlertWakeup,
    CreatePriceAlertHandler,
    CancelPriceAlertHandler,
    ListPriceAlertsHandler,
    GetPriceAlertHistoryHandler,
  ],
  exports: [AlertEvaluator],
})
export class PriceAlertsModule {}

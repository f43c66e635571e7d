export * from './domain';
export { PriceAlertsModule } from './price-alerts.module';
export { PRICE_ALERTS_ENTITIES, PRICE_ALERTS_MIGRATIONS } from './infrastructure/schema';
export { PRICE_ALERT_FIRED, PRICE_ALERT_CHANGED, type PriceAlertFiredV1, type PriceAlertChangedV1 } from './application/events';
export { CreatePriceAlertCommand, CancelPriceAlertCommand, ListPriceAlertsQuery, GetPriceAlertHistoryQuery } from './application/commands';
export { MAX_ACTIVE_ALERTS, HISTORY_PAGE_MAX, type NewAlert } from './application/price-alerts';
export type { AlertView, AlertHistoryEntryView, AlertHistoryPage } from './application/views';
export { AlertEvaluator, ALERTS_LEASE } from './application/alert-evaluator';

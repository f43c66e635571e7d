export * from './alert';
export { AlertIndex } from './alert-index';
export { PriceAlertsError, PriceAlertsErrorCode } from './price-alerts.error';

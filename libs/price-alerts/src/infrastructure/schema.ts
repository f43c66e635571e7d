import { CreatePriceAlertsSchema1763731700000 } from './migrations/1763731700000-create-price-alerts-schema';

/** No entities: the price alerts context reads and writes in plain SQL (SqlPriceAlertRepository). */
export const PRICE_ALERTS_ENTITIES: (new () => unknown)[] = [];
export const PRICE_ALERTS_MIGRATIONS = [CreatePriceAlertsSchema1763731700000];

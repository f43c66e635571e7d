import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '@lib/auth';
import { MARKET_ENTITIES, MARKET_MIGRATIONS } from '@lib/market';
import { ORDERS_ENTITIES, ORDERS_MIGRATIONS } from '@lib/orders';
import { PORTFOLIO_ENTITIES, PORTFOLIO_MIGRATIONS } from '@lib/portfolio';
import { POSITIONS_ENTITIES, POSITIONS_MIGRATIONS } from '@lib/positions';
import { PRICE_ALERTS_ENTITIES, PRICE_ALERTS_MIGRATIONS } from '@lib/price-alerts';
import { RISK_ENTITIES, RISK_MIGRATIONS } from '@lib/risk';
import { WALLET_ENTITIES, WALLET_MIGRATIONS } from '@lib/wallet';
import { DatabaseSchema, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '@lib/platform';

/** Every context's tables and migrations; shared by the app and ormconfig.ts. */
export const DATABASE_SCHEMA: DatabaseSchema = {
  entities: [...PLATFORM_ENTITIES, ...AUTH_ENTITIES, ...WALLET_ENTITIES, ...MARKET_ENTITIES, ...ORDERS_ENTITIES, ...PORTFOLIO_ENTITIES, ...POSITIONS_ENTITIES, ...RISK_ENTITIES, ...PRICE_ALERTS_ENTITIES],
  migrations: [...PLATFORM_MIGRATIONS, ...AUTH_MIGRATIONS, ...WALLET_MIGRATIONS, ...MARKET_MIGRATIONS, ...ORDERS_MIGRATIONS, ...PORTFOLIO_MIGRATIONS, ...POSITIONS_MIGRATIONS, ...RISK_MIGRATIONS, ...PRICE_ALERTS_MIGRATIONS],
};

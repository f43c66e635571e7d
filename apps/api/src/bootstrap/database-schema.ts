import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '@lib/auth';
import { WALLET_ENTITIES, WALLET_MIGRATIONS } from '@lib/wallet';
import { DatabaseSchema, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '@lib/platform';

/** Every context's tables and migrations; shared by the app and ormconfig.ts. */
export const DATABASE_SCHEMA: DatabaseSchema = {
  entities: [...PLATFORM_ENTITIES, ...AUTH_ENTITIES, ...WALLET_ENTITIES],
  migrations: [...PLATFORM_MIGRATIONS, ...AUTH_MIGRATIONS, ...WALLET_MIGRATIONS],
};

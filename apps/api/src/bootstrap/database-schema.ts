import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '@lib/auth';
import { DatabaseSchema } from '@lib/platform';

/** Every context's tables and migrations; shared by the app and ormconfig.ts. */
export const DATABASE_SCHEMA: DatabaseSchema = {
  entities: [...AUTH_ENTITIES],
  migrations: [...AUTH_MIGRATIONS],
};

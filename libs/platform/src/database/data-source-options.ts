import { Logger } from 'pino';
import { DataSourceOptions, MixedList } from 'typeorm';
import { logConnectionLoss } from '../logging/pino-nest-logger';
import { isConnectionLoss } from './connection-loss';
import { TypeOrmPinoLogger } from './typeorm-pino-logger';

export interface DatabaseSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function>;
}

export interface ConnectionSettings {
  readonly url: string;
  readonly poolSize: number;
  readonly logQueries: boolean;
  /** When absent (migration CLI), TypeORM's own console logger prints errors only. */
  readonly logger?: Logger;
}

/** One definition for the app and the migration CLI: never `synchronize`. */
export function dataSourceOptions(connection: ConnectionSettings, schema: DatabaseSchema): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: connection.logger ? true : ['error'],
    logger: connection.logger ? new TypeOrmPinoLogger(connection.logger, connection.logQueries) : 'advanced-console',
    maxQueryExecutionTime: 1000,
    // An idle pooled connection whose server went away (a restart): pg-pool drops it and the next query opens a new one.
    ...(connection.logger ? { poolErrorHandler: poolErrorHandler(connection.logger) } : {}),
    extra: {
      max: connection.poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'exchange-api',
    },
  };
}

function poolErrorHandler(logger: Logger): (error: Error) => void {
  const pino = logger.child({ context: 'DatabasePool' });
  return (error) => {
    if (isConnectionLoss(error)) logConnectionLoss(pino, error);
    else pino.warn({ error: { type: error.name, message: error.message } }, 'an idle pooled connection failed');
  };
}

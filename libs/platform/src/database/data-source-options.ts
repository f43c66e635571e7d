import { DataSourceOptions, MixedList } from 'typeorm';

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
    logging: connection.logQueries ? ['query', 'error'] : ['error'],
    extra: {
      max: connection.poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'exchange-api',
    },
  };
}

import 'reflect-metadata';
import { dataSourceOptions, loadConfig, startEmbeddedPostgres } from '@lib/platform';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DATABASE_SCHEMA } from './apps/api/src/bootstrap/database-schema';

/** Stops the embedded server with the DataSource: some CLI commands end by draining the event loop. */
class CliDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly afterDestroy: () => Promise<void>,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    await this.afterDestroy();
  }
}

/**
 * The DataSource of the TypeORM CLI (`npm run migration:run|revert|generate`),
 * built from the same config and schema as the app. Without DATABASE_URL it
 * starts the embedded server on DATA_DIR, like `npm start`.
 */
async function createDataSource(): Promise<DataSource> {
  const config = loadConfig();
  const embedded = config.database.url
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort });
  const url = config.database.url ?? embedded!.url;
  return new CliDataSource(dataSourceOptions({ url, poolSize: 2, logQueries: false }, DATABASE_SCHEMA), async () => {
    await embedded?.stop();
  });
}

export const dataSource = createDataSource();

import 'reflect-metadata';
import { dataSourceOptions, loadConfig, startEmbeddedPostgres } from '@lib/platform';
import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from './apps/api/src/bootstrap/database-schema';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:run|revert|generate`),
 * built from the same config and schema as the app. Without DATABASE_URL it
 * starts the embedded server on DATA_DIR, like `npm start` (stopped on exit).
 */
async function createDataSource(): Promise<DataSource> {
  const config = loadConfig();
  let url = config.database.url;
  if (!url) {
    url = (await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort })).url;
  }
  return new DataSource(dataSourceOptions({ url, poolSize: 2, logQueries: false }, DATABASE_SCHEMA));
}

export const dataSource = createDataSource();

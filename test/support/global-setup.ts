import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';
import { TestDatabaseState } from './test-database-state';

/**
 * Every test run gets a fresh database of its own (the int and e2e projects
 * name this file, and Jest runs it once for both), on the server of
 * DATABASE_URL (CI: the machine's PostgreSQL) or, with nothing configured,
 * on a throwaway embedded PostgreSQL, so `npm test` needs nothing installed.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  let state: TestDatabaseState;
  const name = `exchange_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  if (serverUrl) {
    state = { serverUrl, name };
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'exchange-test-pg-')), ephemeral: true });
    serverUrl = embedded.url;
    state = { serverUrl, name, stopEmbedded: () => embedded.stop() };
  }
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  await client.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.TEST_DATABASE_URL = url.toString();
  TestDatabaseState.save(state);
}

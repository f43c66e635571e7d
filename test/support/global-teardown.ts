import { Client } from 'pg';
import { TestDatabaseState } from './test-database-state';

export default async function globalTeardown(): Promise<void> {
  const state = TestDatabaseState.load();
  if (!state) return;
  if (process.env.KEEP_TEST_DATABASE !== '1') {
    const client = new Client({ connectionString: state.serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(state.name)} WITH (FORCE)`);
    await client.end();
  }
  await state.stopEmbedded?.();
}

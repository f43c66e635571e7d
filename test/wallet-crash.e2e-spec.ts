import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { PASSWORD, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, startAppProcess } from './support/app-process';
import { reconcile, waitFor } from './support/wallet';

/**
 * The real process, killed with SIGKILL while deposits are in flight. After a
 * restart, every deposit that was acknowledged (2xx) is in the ledger, the
 * ledger reconciles, and the outbox relays every committed event.
 */
describe('wallet: crash while requests are in flight (e2e, real process)', () => {
  const adminEmail = uniqueEmail('crash-admin');
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-crash-'));
  let build: string;
  let app: AppProcess | undefined;

  beforeAll(() => {
    build = buildApp('wallet-crash');
  });
  afterAll(() => {
    app?.child.kill('SIGKILL');
  });

  async function start(): Promise<string> {
    app = await startAppProcess(build, { DATA_DIR: dataDir, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    return app.url;
  }

  it('keeps every acknowledged deposit and delivers every committed event', async () => {
    let url = await start();
    const user = await register(url);
    const acknowledged: string[] = [];
    const inFlight = Array.from({ length: 120 }, (_, i) =>
      request(url)
        .post('/api/v1/wallet/deposits')
        .set(bearer(user.accessToken))
        .send({ asset: 'USDT', amount: `1.${String(i).padStart(6, '0')}` })
        .then((r) => {
          if (r.status === 201) acknowledged.push(r.body.transactionId);
        })
        .catch(() => undefined),
    );
    await waitFor(async () => (acknowledged.length >= 20 ? true : undefined), 20_000);
    app!.child.kill('SIGKILL');
    await Promise.all(inFlight);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    url = await start();
    const again = await login(url, user.email, PASSWORD);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { transactionId: string }[]; nextCursor: string | null } } = await request(url)
        .get(`/api/v1/wallet/history?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(again.accessToken))
        .expect(200);
      for (const item of page.body.items) seen.add(item.transactionId);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const id of acknowledged) expect(seen.has(id)).toBe(true);

    const admin = await login(url, adminEmail, 'admin passphrase for tests');
    expect((await reconcile(url, admin.accessToken)).ok).toBe(true);

    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await waitFor(async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE (tx_id, id) > (SELECT tx_id, id FROM platform.outbox_relay_cursor WHERE name = 'relay')`);
        return rows[0].n === 0 ? true : undefined;
      }, 15_000);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM platform.outbox WHERE type = 'wallet.BalanceChanged' AND payload->>'userId' = $1`,
        [user.id],
      );
      // One event per committed deposit: committed = what the history shows.
      expect(rows[0].n).toBe(seen.size);
    } finally {
      await db.end();
    }
    app!.child.kill('SIGTERM');
  });
});

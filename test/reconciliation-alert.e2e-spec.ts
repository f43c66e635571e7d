import { Client } from 'pg';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { AlertView } from '@lib/platform';
import type { AdminServerToClientEvents } from '../apps/api/src/monitoring/admin.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(60_000);

/**
 * Issue 17: a balance changed by direct SQL raises RECONCILE_MISMATCH within
 * one reconciliation interval, on a live /admin socket and in GET
 * /admin/alerts, once; putting it back clears it.
 */
describe('reconciliation alert (e2e, socket.io-client)', () => {
  const db = suiteDatabase('reconcile-alert');
  const adminEmail = uniqueEmail('reconcile-alert-admin');
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  let socket: Socket<AdminServerToClientEvents> | undefined;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ RECONCILE: 'true', RECONCILE_INTERVAL_MS: '500', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    socket?.close();
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  it('raises the alert within an interval of a balance changed behind the ledger, once, and clears it when put back', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100');
    const alerts: AlertView[] = [];
    socket = io(`${t.url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: admin.accessToken } });
    socket.on('alert', (a) => alerts.push(a));
    await new Promise<void>((ok, fail) => {
      socket!.once('connect', () => ok());
      socket!.once('connect_error', fail);
    });
    const status = async () => (await request(t.url).get('/api/v1/admin/reconciliation').set(bearer(admin.accessToken)).expect(200)).body;
    await until('a clean check after the deposit', async () => ((await status()).ok === true ? true : undefined), 5_000);

    const changedAt = Date.now();
    await sql.query(`UPDATE wallet.accounts SET available = available + 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    const raised = await until('RECONCILE_MISMATCH on /admin', () => alerts.find((a) => a.code === 'RECONCILE_MISMATCH' && a.clearedAt === null), 5_000);
    // Within one interval of 500 ms, plus the check itself.
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    expect(raised).toEqual(expect.objectContaining({ severity: 'critical', subject: '', message: expect.stringContaining('1 mismatchedAccounts') }));
    const listed = (await request(t.url).get('/api/v1/admin/alerts').set(bearer(admin.accessToken)).expect(200)).body;
    expect(listed.open).toEqual([expect.objectContaining({ id: raised.id, code: 'RECONCILE_MISMATCH' })]);
    // Every later run finds it again: still one alert.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(alerts.filter((a) => a.code === 'RECONCILE_MISMATCH')).toHaveLength(1);

    await sql.query(`UPDATE wallet.accounts SET available = available - 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    const cleared = await until('cleared', () => alerts.find((a) => a.id === raised.id && a.clearedAt !== null), 5_000);
    expect(cleared.since).toBe(raised.since);
    expect((await request(t.url).get('/api/v1/admin/alerts').set(bearer(admin.accessToken)).expect(200)).body.open).toEqual([]);
  });
});

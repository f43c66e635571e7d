import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { AlertMessage, ResumeAck, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { wholeMark } from './support/orders';
import { createPerpMarket } from './support/perp-market';
import { TestApp, startTestApp } from './support/test-app';

type Json = Record<string, unknown>;
type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

/**
 * Price alerts through HTTP and a real /user socket (docs/price-alerts.md):
 * an admin price shock fires an alert, delivered once over the socket and
 * by `resume`, present in the history, never again at the next ticks; a
 * user with settings.notifications.priceAlerts off gets it in the history
 * only; another user's alert is 404; 50 active alerts at most; bad input 400.
 */
describe('price alerts (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const sockets: UserClient[] = [];
  const adminEmail = uniqueEmail('alerts-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('price_alerts');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken, { minQuantity: '0.05', initialPrice: '100' });
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  const create = (user: Account, body: Json) => request(t.url).post('/api/v1/alerts').set(bearer(user.accessToken)).send(body);
  const history = async (user: Account): Promise<Json[]> => (await request(t.url).get('/api/v1/alerts/history').set(bearer(user.accessToken)).expect(200)).body.items;
  const active = async (user: Account): Promise<Json[]> => (await request(t.url).get('/api/v1/alerts').set(bearer(user.accessToken)).expect(200)).body;
  const markSeq = async (): Promise<number> => (await request(t.url).get(`/api/v1/markets/${SYMBOL}/mark-price`).expect(200)).body.seq as number;
  const shock = (price: string) => request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price }).expect(202);

  async function alertStream(user: Account): Promise<{ socket: UserClient; seen: AlertMessage[] }> {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const seen: AlertMessage[] = [];
    socket.on('alert', (m) => seen.push(m));
    return { socket, seen };
  }

  it('fires on a price shock: delivered once on /user and by resume, in the history, not again at the next ticks', async () => {
    const alice = await register(t.url);
    const quiet = await register(t.url);
    await request(t.url).patch('/api/v1/auth/me').set(bearer(quiet.accessToken)).send({ settings: { notifications: { priceAlerts: false } } }).expect(200);
    const { socket, seen } = await alertStream(alice);
    const quietStream = await alertStream(quiet);

    const above = (await create(alice, { symbol: SYMBOL, condition: 'ABOVE', price: '240' }).expect(201)).body;
    expect(above).toMatchObject({ symbol: SYMBOL, condition: 'ABOVE', source: 'MARK', price: '240', percent: null, recurring: false, status: 'ACTIVE' });
    // Not reached (one tick short of 240 is 239, the mark is 230): the next ticks fire nothing.
    const below = (await create(alice, { symbol: SYMBOL, condition: 'BELOW', price: '200' }).expect(201)).body;
    await create(quiet, { symbol: SYMBOL, condition: 'CROSSES', price: '245' }).expect(201);
    const seq0 = await markSeq();
    await until('ticks', async () => ((await markSeq()) > seq0 + 2 ? true : undefined), 5_000);
    expect(seen).toEqual([]);

    await shock('250');
    await until('the alert on /user', () => (seen.length > 0 ? true : undefined), 5_000);
    const seq1 = await markSeq();
    await until('more ticks', async () => ((await markSeq()) > seq1 + 3 ? true : undefined), 5_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.alert).toMatchObject({ alertId: above.id, symbol: SYMBOL, condition: 'ABOVE', source: 'MARK', target: '240', value: '250', recurring: false });

    const resumed = await socket.timeout(5_000).emitWithAck('resume', { since: 0 });
    const alerts = (resumed as ResumeAck).events.filter((e) => e.event === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ event: 'alert', seq: seen[0]!.seq });

    expect((await active(alice)).map((a) => a.id)).toEqual([below.id]);
    const lines = await history(alice);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'FIRED', value: '250', pushed: true, alert: { id: above.id, status: 'FIRED' } });

    // Notifications off: recorded as fired, not pushed.
    await until('the quiet alert fired', async () => ((await history(quiet)).length === 1 ? true : undefined), 5_000);
    expect((await history(quiet))[0]).toMatchObject({ kind: 'FIRED', value: '250', pushed: false, alert: { condition: 'CROSSES', status: 'FIRED' } });
    expect(quietStream.seen).toEqual([]);
  });

  it('a recurring alert fires once per crossing: it re-arms only after the price went back below', async () => {
    const bob = await register(t.url);
    const { seen } = await alertStream(bob);
    const alert = (await create(bob, { symbol: SYMBOL, condition: 'ABOVE', price: '255', recurring: true }).expect(201)).body;
    const ticksAfter = async () => {
      const seq = await markSeq();
      await until('ticks', async () => ((await markSeq()) > seq + 3 ? true : undefined), 5_000);
    };
    await shock('260');
    await until('the first firing', () => (seen.length === 1 ? true : undefined), 5_000);
    await ticksAfter();
    expect(seen).toHaveLength(1);
    await shock('250');
    await ticksAfter();
    expect(seen).toHaveLength(1); // re-armed, silently
    await shock('255');
    await until('the second firing', () => (seen.length === 2 ? true : undefined), 5_000);
    await ticksAfter();
    expect(seen.map((m) => m.alert.value)).toEqual(['260', '255']);
    expect((await active(bob)).map((a) => a.id)).toEqual([alert.id]);
    expect((await history(bob)).map((h) => [h.kind, h.value])).toEqual([
      ['FIRED', '255'],
      ['FIRED', '260'],
    ]);
  });

  it('cancels an alert of its owner only: another user\'s is 404', async () => {
    const owner = await register(t.url);
    const other = await register(t.url);
    const alert = (await create(owner, { symbol: SYMBOL, condition: 'ABOVE', price: '900', recurring: true }).expect(201)).body;
    await request(t.url).delete(`/api/v1/alerts/${alert.id}`).set(bearer(other.accessToken)).expect(404);
    await request(t.url).delete('/api/v1/alerts/not-a-uuid').set(bearer(other.accessToken)).expect(404);
    expect(await active(other)).toEqual([]);
    expect(await history(other)).toEqual([]);
    await request(t.url).delete(`/api/v1/alerts/${alert.id}`).set(bearer(owner.accessToken)).expect(204);
    const again = await request(t.url).delete(`/api/v1/alerts/${alert.id}`).set(bearer(owner.accessToken)).expect(409);
    expect(again.body).toMatchObject({ code: 'ALERT_NOT_ACTIVE' });
    expect(await history(owner)).toEqual([expect.objectContaining({ kind: 'CANCELLED', alert: expect.objectContaining({ id: alert.id, status: 'CANCELLED' }) })]);
    await request(t.url).get('/api/v1/alerts').expect(401);
  });

  it('holds 50 active alerts per user at most (422 ALERT_LIMIT_REACHED)', async () => {
    const user = await register(t.url);
    for (let i = 0; i < 50; i++) await create(user, { symbol: SYMBOL, condition: 'ABOVE', price: String(1_000 + i) }).expect(201);
    const refused = await create(user, { symbol: SYMBOL, condition: 'ABOVE', price: '2000' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'ALERT_LIMIT_REACHED', status: 422 });
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await active(user)).toHaveLength(50);
  });

  it('refuses bad input with problem details', async () => {
    const user = await register(t.url);
    const cases: [Json, string][] = [
      [{ symbol: SYMBOL, condition: 'ABOVE', price: 240 }, 'VALIDATION_FAILED'],
      [{ symbol: SYMBOL, condition: 'SIDEWAYS', price: '240' }, 'VALIDATION_FAILED'],
      [{ symbol: SYMBOL, condition: 'ABOVE', price: '240.5' }, 'INVALID_ALERT'],
      [{ symbol: SYMBOL, condition: 'ABOVE' }, 'INVALID_ALERT'],
      [{ symbol: SYMBOL, condition: 'CHANGE_24H_ABOVE', price: '240' }, 'INVALID_ALERT'],
      [{ symbol: SYMBOL, condition: 'CHANGE_24H_BELOW', percent: '-1.255' }, 'INVALID_ALERT'],
      [{ symbol: SYMBOL, condition: 'ABOVE', price: '240', expiresAt: '2000-01-01T00:00:00Z' }, 'INVALID_ALERT_EXPIRY'],
      [{ symbol: SYMBOL, condition: 'ABOVE', price: '240', source: 'INDEX' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await create(user, body).expect(400);
      expect(res.body).toMatchObject({ code, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await create(user, { symbol: 'NOPE-PERP', condition: 'ABOVE', price: '1' }).expect(404);
    await request(t.url).get('/api/v1/alerts/history?cursor=abc').set(bearer(user.accessToken)).expect(400);
    const change = (await create(user, { symbol: SYMBOL, condition: 'CHANGE_24H_BELOW', percent: '-50' }).expect(201)).body;
    expect(change).toMatchObject({ price: null, percent: '-50.00' });
  });
});

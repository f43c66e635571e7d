import { parseUnits } from '@lib/kernel';
import request from 'supertest';
import { PricesClient, collectPrices, connectPrices, sleep, subscribe, suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

jest.setTimeout(30_000);

const TICK_MS = 100;

/** A real socket.io client on /prices against the whole app, on a database (and so a feed) of its own. */
describe('market: the /prices stream (e2e, socket.io-client)', () => {
  const db = suiteDatabase('prices');
  let t: TestApp;
  const sockets: PricesClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: String(TICK_MS), WS_MAX_SUBSCRIPTIONS: '3', WS_MAX_MESSAGES_PER_SECOND: '8' });
    await until('the feed to price BTC-USDT', async () => ((await request(t.url).get('/api/v1/markets/BTC-USDT/mark-price')).status === 200 ? true : undefined));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  async function client(): Promise<PricesClient> {
    const socket = await connectPrices(t.url);
    sockets.push(socket);
    return socket;
  }

  it('acknowledges a subscription with the resulting set and names unknown symbols', async () => {
    const socket = await client();
    expect(await subscribe(socket, ['BTC-USDT', 'eth-usdt', 'NOPE-USDT', 'BTC-USDT'])).toEqual({
      subscribed: ['BTC-USDT', 'ETH-USDT'],
      error: { code: 'UNKNOWN_SYMBOLS', message: 'Unknown symbols: NOPE-USDT', unknown: ['NOPE-USDT'] },
    });
    expect(await subscribe(socket, ['SOL-PERP'])).toEqual({ subscribed: ['BTC-USDT', 'ETH-USDT', 'SOL-PERP'] });
    expect(await subscribe(socket, 'BTC-USDT')).toEqual({
      subscribed: ['BTC-USDT', 'ETH-USDT', 'SOL-PERP'],
      error: { code: 'INVALID_REQUEST', message: 'Send {symbols: string[]} with at most 100 symbols', unknown: [] },
    });
  });

  it('sends prices of the subscribed symbols only, at most once per tick each, then stops after unsubscribe', async () => {
    const socket = await client();
    const idle = await client(); // never subscribes: receives nothing
    const idleSeen = collectPrices(idle);
    await subscribe(socket, ['BTC-USDT', 'AAPL-USD']);
    const seen = collectPrices(socket);
    await until('prices of both symbols', () => (new Set(seen.map((p) => p.symbol)).size === 2 && seen.length >= 6 ? true : undefined));
    expect([...new Set(seen.map((p) => p.symbol))].sort()).toEqual(['AAPL-USD', 'BTC-USDT']);
    for (const symbol of ['AAPL-USD', 'BTC-USDT']) {
      const mine = seen.filter((p) => p.symbol === symbol);
      // One message per tick: the tick times strictly increase.
      for (let i = 1; i < mine.length; i++) expect(new Date(mine[i]!.ts).getTime()).toBeGreaterThan(new Date(mine[i - 1]!.ts).getTime());
    }
    for (const p of seen) {
      expect(Object.keys(p).sort()).toEqual(['change24h', 'index', 'last', 'mark', 'symbol', 'ts']);
      expect(p.last).toBeNull();
      expect(p.mark).toBe(p.index);
      // Decimal strings at the market's price scale: BTC-USDT 1 decimal (tick 0.1), AAPL-USD 2 (tick 0.01).
      const scale = p.symbol === 'BTC-USDT' ? 1 : 2;
      expect(p.mark).toMatch(scale === 1 ? /^\d+\.\d$/ : /^\d+\.\d{2}$/);
      expect(parseUnits(p.mark, scale) > 0n).toBe(true);
      expect(p.change24h).toMatch(/^-?\d+\.\d{2}$/);
    }

    expect(await subscribe(socket, ['AAPL-USD'], 'unsubscribe')).toEqual({ subscribed: ['BTC-USDT'] });
    await sleep(TICK_MS * 2); // a message already on the wire may still land
    const after = seen.length;
    await until('more BTC-USDT prices', () => (seen.length >= after + 4 ? true : undefined));
    expect(seen.slice(after).every((p) => p.symbol === 'BTC-USDT')).toBe(true);
    expect(await subscribe(socket, ['BTC-USDT', 'WHAT'], 'unsubscribe')).toEqual({
      subscribed: [],
      error: { code: 'UNKNOWN_SYMBOLS', message: 'Unknown symbols: WHAT', unknown: ['WHAT'] },
    });
    expect(idleSeen).toEqual([]);
  });

  it('refuses more subscriptions than the cap: error event, then disconnect', async () => {
    const socket = await client();
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    expect(await subscribe(socket, ['BTC-USDT', 'ETH-USDT'])).toEqual({ subscribed: ['BTC-USDT', 'ETH-USDT'] });
    socket.emit('subscribe', { symbols: ['SOL-USDT', 'AAPL-USD'] }, () => events.push('ack'));
    await until('the disconnect', () => (events.some((e) => e.startsWith('disconnect')) ? true : undefined));
    expect(events).toEqual(['error:TOO_MANY_SUBSCRIPTIONS', 'disconnect:io server disconnect']);
  });

  it('refuses more messages per second than the cap: error event, then disconnect', async () => {
    const socket = await client();
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}:${e.message}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    for (let i = 0; i < 12; i++) socket.emit('unsubscribe', { symbols: ['BTC-USDT'] }, () => undefined);
    await until('the disconnect', () => (events.some((e) => e.startsWith('disconnect')) ? true : undefined));
    expect(events).toEqual(['error:RATE_LIMITED:More than 8 messages per second', 'disconnect:io server disconnect']);
  });

  it('lets a well-behaved socket stay connected', async () => {
    const socket = await client();
    for (let i = 0; i < 3; i++) await subscribe(socket, ['BTC-USDT']);
    await sleep(300);
    expect(socket.connected).toBe(true);
  });
});

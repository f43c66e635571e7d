/**
 * The cascade of test/liquidation-cascade.e2e-spec.ts, built over HTTP for the liquidation-cascade
 * bench: eight stock perpetuals on USD (listed here, AAPL-PERP's terms) plus BTC-PERP and
 * ETH-PERP on USDT; 50 longs (half CROSS, half ISOLATED; leverage 5, 10 or 20) each against one of
 * 50 well-funded shorts on every market (1,000 positions of 100 users); a maker's bid ladder under
 * each market.
 */

const STOCKS: readonly (readonly [string, string])[] = [
  ['AAPL', '230'],
  ['GOOGL', '175'],
  ['TSLA', '250'],
  ['MSFT', '420'],
  ['AMZN', '200'],
  ['NFLX', '700'],
  ['META', '580'],
  ['NVDA', '140'],
];
const PERP_TERMS = {
  kind: 'PERPETUAL',
  quoteAsset: 'USD',
  tickSize: '1',
  stepSize: '0.01',
  minQuantity: '0.01',
  minNotional: '1',
  makerFeeRate: '0.001',
  takerFeeRate: '0.002',
  maxLeverage: 20,
  priceBandRate: '0.5',
  maintenanceMarginTiers: [
    { maxNotional: '10000', rate: '0.01' },
    { maxNotional: null, rate: '0.02' },
  ],
  volatility: '0.000001',
} as const;
const PAIRS = 50;
const AT_ONCE = 16;

export interface Market {
  readonly symbol: string;
  readonly asset: string;
  readonly price: bigint;
  /** The size of one position, a decimal string. */
  readonly quantity: string;
}

export interface Cascade {
  readonly admin: string;
  readonly maker: string;
  readonly markets: readonly Market[];
  /** Token by user id, the 100 traders. */
  readonly users: ReadonlyMap<string, string>;
}

export async function inParallel<T>(items: readonly T[], atOnce: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** A decimal string in units of its last digit. */
const units = (decimal: string) => BigInt(decimal.replace('.', ''));

export class Api {
  private seq = 0;
  constructor(private readonly url: string) {}

  async call(method: string, path: string, token: string | null, body: unknown, expect: number, idempotent = false): Promise<unknown> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (idempotent) headers['idempotency-key'] = `bench-${Date.now()}-${this.seq++}`;
    const r = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (r.status !== expect) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  async mark(symbol: string): Promise<bigint> {
    const body = (await this.call('GET', `/api/v1/markets/${symbol}/mark-price`, null, undefined, 200)) as { mark: string };
    return BigInt(body.mark.split('.')[0]!);
  }

  async register(i: number): Promise<{ id: string; token: string }> {
    const body = { email: `bench-cascade-${Date.now().toString(36)}-${i}@example.com`, password: 'bench passphrase for the cascade', name: `Cascade ${i}` };
    const r = (await this.call('POST', '/api/v1/auth/register', null, body, 201)) as { accessToken: string; user: { id: string } };
    return { id: r.user.id, token: r.accessToken };
  }
}

async function waitMark(api: Api, symbol: string): Promise<bigint> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mark = await api.mark(symbol).catch(() => null);
    if (mark !== null) return mark;
    if (Date.now() > deadline) throw new Error(`no mark price of ${symbol}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function setUpCascade(api: Api, adminEmail: string, adminPassword: string, log: (m: string) => void): Promise<Cascade> {
  const admin = ((await api.call('POST', '/api/v1/auth/login', null, { email: adminEmail, password: adminPassword }, 200)) as { accessToken: string }).accessToken;
  const markets: Market[] = [];
  for (const [base, price] of STOCKS) {
    const symbol = `${base}-PERP`;
    await api.call('POST', '/api/v1/admin/markets', admin, { ...PERP_TERMS, symbol, baseAsset: base, initialPrice: price }, 201);
    markets.push({ symbol, asset: 'USD', price: BigInt(price), quantity: (500 / Number(price)).toFixed(2) });
  }
  for (const [symbol, quantity] of [['BTC-PERP', '0.005'], ['ETH-PERP', '0.15']] as const) markets.push({ symbol, asset: 'USDT', price: await waitMark(api, symbol), quantity });
  for (const m of markets) await waitMark(api, m.symbol);

  const credit = (userId: string, asset: string, amount: string) =>
    api.call('POST', '/api/v1/admin/wallet/adjustments', admin, { userId, asset, amount, reason: 'cascade', account: 'MARGIN' }, 201, true);
  for (const asset of ['USD', 'USDT']) await api.call('POST', '/api/v1/admin/insurance-fund/top-ups', admin, { asset, amount: '100000', reason: 'cascade' }, 201, true);
  const traders = new Array<{ id: string; token: string }>(PAIRS * 2);
  await inParallel(Array.from({ length: PAIRS * 2 }, (_, i) => i), 8, async (i) => (traders[i] = await api.register(i)));
  const longs = traders.filter((_, i) => i % 2 === 0);
  const shorts = traders.filter((_, i) => i % 2 === 1);
  const maker = await api.register(PAIRS * 2);
  await credit(maker.id, 'USD', '5000000');
  await credit(maker.id, 'USDT', '5000000');
  log(`liquidation-cascade: ${traders.length + 1} users registered`);
  const leverageOf = (i: number) => [5, 10, 20][i % 3]!;
  await inParallel(longs.map((user, i) => ({ user, i })), AT_ONCE, async ({ user, i }) => {
    await credit(user.id, 'USD', i % 2 === 0 ? String(Math.ceil((4000 / leverageOf(i)) * 1.3 + 20)) : '4000');
    await credit(user.id, 'USDT', i % 2 === 0 ? String(Math.ceil((1000 / leverageOf(i)) * 1.3 + 10)) : '1000');
    for (const m of markets) {
      if (i % 2 === 1) await api.call('POST', `/api/v1/positions/${m.symbol}/margin-mode`, user.token, { mode: 'ISOLATED' }, 200);
      await api.call('POST', `/api/v1/positions/${m.symbol}/leverage`, user.token, { leverage: leverageOf(i) }, 200);
    }
  });
  await inParallel(shorts, AT_ONCE, async (user) => {
    await credit(user.id, 'USD', '20000');
    await credit(user.id, 'USDT', '20000');
  });
  const pairs = markets.flatMap((m) => longs.map((long, i) => ({ m, long, short: shorts[i]! })));
  await inParallel(pairs, AT_ONCE, async ({ m, long, short }) => {
    const body = { symbol: m.symbol, type: 'LIMIT', quantity: m.quantity, price: `${m.price}` };
    await api.call('POST', '/api/v1/orders', short.token, { ...body, side: 'SELL' }, 201);
    const taken = (await api.call('POST', '/api/v1/orders', long.token, { ...body, side: 'BUY' }, 201)) as { status: string };
    if (taken.status !== 'FILLED') throw new Error(`a long's order on ${m.symbol} was ${taken.status}`);
  });
  log(`liquidation-cascade: ${pairs.length} pairs of positions opened`);
  const ladder = (m: Market) => (m.asset === 'USDT' ? [1, 2, 3, 4] : [2, 4, 6, 8, 10, 12, 14]);
  await inParallel(markets.flatMap((m) => ladder(m).map((pct) => ({ m, pct }))), AT_ONCE, async ({ m, pct }) => {
    const price = ((m.asset === 'USDT' ? await api.mark(m.symbol) : m.price) * BigInt(100 - pct)) / 100n;
    const quantity = (Number(m.quantity) * PAIRS * 0.3).toFixed(m.quantity.split('.')[1]!.length);
    await api.call('POST', '/api/v1/orders', maker.token, { symbol: m.symbol, side: 'BUY', type: 'LIMIT', quantity, price: `${price}` }, 201);
  });
  return { admin, maker: maker.token, markets, users: new Map(traders.map((t) => [t.id, t.token])) };
}

/** The traders' positions or cross accounts still below maintenance (as the e2e test reads them from the API). */
export async function below(api: Api, users: ReadonlyMap<string, string>): Promise<string[]> {
  const found: string[] = [];
  await inParallel([...users.entries()], 8, async ([id, token]) => {
    const positions = (await api.call('GET', '/api/v1/positions', token, undefined, 200)) as { symbol: string; marginMode: string; marginRatio: string | null }[];
    for (const p of positions) if (p.marginMode === 'ISOLATED' && (p.marginRatio === null || units(p.marginRatio) > 10_000n)) found.push(`${id} ${p.symbol}`);
    const accounts = (await api.call('GET', '/api/v1/account/margin', token, undefined, 200)) as { asset: string; maintenanceMargin: string; marginBalance: string }[];
    const cross = positions.some((p) => p.marginMode === 'CROSS');
    for (const a of accounts) if (cross && units(a.maintenanceMargin) > 0n && units(a.marginBalance) < units(a.maintenanceMargin)) found.push(`${id} ${a.asset}`);
  });
  return found;
}

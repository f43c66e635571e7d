import { mulberry32 } from '../lib/prng';
import { HttpClient, RequestSpec } from '../lib/http-load';

/**
 * The order flow of the orders-http scenario: markets, funding, and the seeded order mix.
 *
 * Six spot markets (three crypto quoted in USDT, three stocks quoted in USD), sizes chosen so
 * that the faucet's daily caps (USDT/USD 100,000, BTC 2, ETH 50, SOL 1,000, 500 shares) last a
 * whole run for each user. Prices sit within 1% of the mark (the band is 5%, 10% for stocks).
 */

export interface MarketDef {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly priceScale: number;
  readonly quantityScale: number;
  /** Order size range, in quantity units (10^-quantityScale base). */
  readonly minLots: number;
  readonly maxLots: number;
}

export const MARKETS: readonly MarketDef[] = [
  { symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', priceScale: 1, quantityScale: 5, minLots: 50, maxLots: 150 }, // 0.0005-0.0015 BTC, ~50-140 USDT
  { symbol: 'ETH-USDT', base: 'ETH', quote: 'USDT', priceScale: 2, quantityScale: 4, minLots: 150, maxLots: 450 }, // 0.015-0.045 ETH
  { symbol: 'SOL-USDT', base: 'SOL', quote: 'USDT', priceScale: 2, quantityScale: 3, minLots: 300, maxLots: 900 }, // 0.3-0.9 SOL
  { symbol: 'AAPL-USD', base: 'AAPL', quote: 'USD', priceScale: 2, quantityScale: 0, minLots: 1, maxLots: 1 },
  { symbol: 'TSLA-USD', base: 'TSLA', quote: 'USD', priceScale: 2, quantityScale: 0, minLots: 1, maxLots: 1 },
  { symbol: 'NVDA-USD', base: 'NVDA', quote: 'USD', priceScale: 2, quantityScale: 0, minLots: 1, maxLots: 1 },
];

/** What each user gets from the faucet (its daily cap per asset). */
export const FUNDING: readonly (readonly [asset: string, amount: string])[] = [
  ['USDT', '100000'],
  ['USD', '100000'],
  ['BTC', '2'],
  ['ETH', '50'],
  ['SOL', '1000'],
  ['AAPL', '500'],
  ['TSLA', '500'],
  ['NVDA', '500'],
];

/** The mix: resting limit orders away from the mark, limit orders through it, market orders. */
export const MIX = { resting: 0.65, crossing: 0.25, market: 0.1 } as const;
/** Resting: 0.1% to 1% on the passive side of the mark. Crossing: 0.4% through it. */
const REST_MIN_PPM = 1_000;
const REST_SPAN_PPM = 9_000;
const CROSS_PPM = 4_000;

export interface BenchUser {
  readonly id: string;
  readonly token: string;
}

export function parseUnits(decimal: string, scale: number): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(`${whole}${fraction.padEnd(scale, '0').slice(0, scale)}`);
}

export function formatUnits(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const s = units.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** The current mark of every market, in price units; refreshed in the background while load runs. */
export class Marks {
  private readonly marks = new Map<string, bigint>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: HttpClient,
    private readonly markets: readonly Pick<MarketDef, 'symbol' | 'priceScale'>[] = MARKETS,
  ) {}

  get(symbol: string): bigint {
    const mark = this.marks.get(symbol);
    if (mark === undefined) throw new Error(`no mark price for ${symbol}`);
    return mark;
  }

  async refresh(): Promise<void> {
    await Promise.all(
      this.markets.map(async (m) => {
        const r = await this.client.send({ method: 'GET', path: `/api/v1/markets/${m.symbol}/mark-price`, headers: {} }, true);
        if (r.status !== 200 || r.body === null) return;
        const mark = (JSON.parse(r.body) as { mark: string | null }).mark;
        if (mark !== null) this.marks.set(m.symbol, parseUnits(mark, m.priceScale));
      }),
    );
  }

  /** Waits (up to 30 s) until the feed has priced every market. */
  async ready(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await this.refresh();
      if (this.markets.every((m) => this.marks.has(m.symbol))) return;
      if (Date.now() > deadline) throw new Error(`no mark price within 30 s for ${this.markets.filter((m) => !this.marks.has(m.symbol)).map((m) => m.symbol).join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), everyMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

export interface OrderBody {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  quantity: string;
  price?: string;
  /** Perpetuals only: the order may only reduce the position. */
  reduceOnly?: boolean;
}

export function orderRequest(user: BenchUser, body: OrderBody): RequestSpec {
  return { method: 'POST', path: '/api/v1/orders', headers: { authorization: `Bearer ${user.token}` }, body: JSON.stringify(body) };
}

/** A limit price `ppm` millionths away from the mark (positive: above), on the tick grid. */
export function priceAway(mark: bigint, ppm: number): bigint {
  return (mark * BigInt(1_000_000 + ppm)) / 1_000_000n;
}

/** The seeded order stream: request i for a random user on a random market. */
export function orderStream(seed: number, users: readonly BenchUser[], marks: Marks): (i: number) => RequestSpec {
  const random = mulberry32(seed);
  return () => mixedOrder(random, MARKETS[Math.floor(random() * MARKETS.length)]!, users, marks);
}

/** One order of the mix on `market`: a random user, side and size, resting, crossing or market (draws from `random` in that order). */
export function mixedOrder(random: () => number, market: MarketDef, users: readonly BenchUser[], marks: Marks): RequestSpec {
  const user = users[Math.floor(random() * users.length)]!;
  const side = random() < 0.5 ? 'BUY' : 'SELL';
  const lots = market.minLots + Math.floor(random() * (market.maxLots - market.minLots + 1));
  const quantity = formatUnits(BigInt(lots), market.quantityScale);
  const kind = random();
  if (kind >= MIX.resting + MIX.crossing) return orderRequest(user, { symbol: market.symbol, side, type: 'MARKET', quantity });
  const mark = marks.get(market.symbol);
  const ppm = kind < MIX.resting ? REST_MIN_PPM + Math.floor(random() * REST_SPAN_PPM) : -CROSS_PPM;
  // Resting: a buy below the mark, a sell above. Crossing: the other way round.
  const price = priceAway(mark, side === 'BUY' ? -ppm : ppm);
  return orderRequest(user, { symbol: market.symbol, side, type: 'LIMIT', quantity, price: formatUnits(price, market.priceScale) });
}

import { Client } from 'pg';
import { HttpClient, RequestSpec } from '../lib/http-load';
import { mulberry32 } from '../lib/prng';
import { inPool } from './orders-http';
import { BenchUser, MarketDef, Marks, formatUnits, mixedOrder, orderRequest } from './orders-flow';

/**
 * The order flow of the perp-vs-spot scenario: BTC-USDT and BTC-PERP, the same seeded mix as
 * orders-http (orders-flow.ts) on one market at a time, and reduce-only orders on the perp.
 *
 * Sizes: 0.001 or 0.002 BTC on both markets (the perp's step is 0.001, the spot's 0.00001 divides
 * it), so the spot and perp streams of one seed are the same orders (user, side, size, distance
 * from the mark), apart from the perp's reduce-only ones.
 *
 * Margin: a perp order holds at most ceil(0.002 x ~96,000 / 10) + the taker fee ~ 19.3 USDT
 * (leverage 10, the app's default); 50,000 USDT on MARGIN covers 1,000 open orders (the app's cap
 * per user) more than twice over, whatever the run's length. Positions move by 1-2 lots
 * (0.001 BTC) per fill, a random walk: far below what the margin carries.
 */

export const SPOT: MarketDef = { symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', priceScale: 1, quantityScale: 3, minLots: 1, maxLots: 2 };
export const PERP: MarketDef = { symbol: 'BTC-PERP', base: 'BTC', quote: 'USDT', priceScale: 1, quantityScale: 3, minLots: 1, maxLots: 2 };

/** The faucet's daily caps of the two assets; MARGIN_USDT of the USDT then moves to MARGIN. */
export const FUNDING: readonly (readonly [asset: string, amount: string])[] = [
  ['USDT', '100000'],
  ['BTC', '2'],
];
export const MARGIN_USDT = '50000';

/** Share of the perp stream that is a reduce-only MARKET order, when some position is large enough. */
export const REDUCE_SHARE = 0.1;
/**
 * A position of at least this many lots (0.001 BTC) at the start of a perp phase gets reduce-only
 * orders of one lot, up to half of it: the other half is the cushion against the position
 * shrinking meanwhile (a reduce-only order on a flat position, or one on the wrong side, is
 * refused with 422 REDUCE_ONLY_WOULD_INCREASE and counts as an error).
 */
export const REDUCE_MIN_LOTS = 6;

/** SPOT -> MARGIN, MARGIN_USDT USDT for every user. */
export async function fundMargin(client: HttpClient, users: readonly BenchUser[]): Promise<void> {
  await inPool(users.length, 16, async (i) => {
    const user = users[i]!;
    const body = JSON.stringify({ asset: 'USDT', amount: MARGIN_USDT, from: 'SPOT', to: 'MARGIN' });
    const r = await client.send({ method: 'POST', path: '/api/v1/wallet/transfers', headers: { authorization: `Bearer ${user.token}` }, body }, true);
    if (r.status !== 201) throw new Error(`transfer ${MARGIN_USDT} USDT to MARGIN failed: ${r.status} ${r.body}`);
  });
}

/**
 * The open positions on `symbol` (signed size in quantity units, by user id). Read from the
 * app's database between phases (the API has no positions route yet); read only.
 */
export async function readPositions(databaseUrl: string, symbol: string): Promise<Map<string, bigint>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ user_id: string; size: string }>(
      'SELECT user_id::text AS user_id, size::text AS size FROM positions.positions WHERE symbol = $1 AND size <> 0',
      [symbol],
    );
    return new Map(r.rows.map((row) => [row.user_id, BigInt(row.size)]));
  } finally {
    await client.end();
  }
}

/** The spot stream of a seed: the orders-http mix on BTC-USDT alone. */
export function spotStream(seed: number, users: readonly BenchUser[], marks: Marks): (i: number) => RequestSpec {
  const random = mulberry32(seed);
  return () => mixedOrder(random, SPOT, users, marks);
}

export interface PerpStreamStats {
  /** Reduce-only orders sent. */
  reduceOnly: number;
}

/**
 * The perp stream of a seed: the same orders as `spotStream(seed)` on BTC-PERP, except that
 * REDUCE_SHARE of them (drawn from a second generator, so the mix stays aligned with the spot
 * stream) are replaced by a reduce-only MARKET order of one lot from a user whose position (at
 * the start of the phase, `positions`) was large, against it.
 */
export function perpStream(seed: number, users: readonly BenchUser[], marks: Marks, positions: ReadonlyMap<string, bigint>, stats: PerpStreamStats): (i: number) => RequestSpec {
  const random = mulberry32(seed);
  const reduceRandom = mulberry32(seed ^ 0x2545f491);
  /** Lots each candidate may still close in this phase, signed like its position. */
  const budget = new Map<string, bigint>();
  const candidates: BenchUser[] = [];
  for (const user of users) {
    const size = positions.get(user.id) ?? 0n;
    const abs = size < 0n ? -size : size;
    if (abs < BigInt(REDUCE_MIN_LOTS)) continue;
    budget.set(user.id, size / 2n);
    candidates.push(user);
  }
  return () => {
    const order = mixedOrder(random, PERP, users, marks);
    if (candidates.length === 0 || reduceRandom() >= REDUCE_SHARE) return order;
    const k = Math.floor(reduceRandom() * candidates.length);
    const user = candidates[k]!;
    const left = budget.get(user.id)!;
    const next = left > 0n ? left - 1n : left + 1n;
    if (next === 0n) candidates.splice(k, 1);
    budget.set(user.id, next);
    stats.reduceOnly++;
    return orderRequest(user, { symbol: PERP.symbol, side: left > 0n ? 'SELL' : 'BUY', type: 'MARKET', quantity: formatUnits(1n, PERP.quantityScale), reduceOnly: true });
  };
}

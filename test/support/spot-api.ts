import request from 'supertest';
import { bearer } from './accounts';
import type { MarketRules, ModelFill, OrderSnapshot } from './spot-rules';

/**
 * The API as test/orders-model.e2e-spec.ts reads it: every amount the app
 * answers is parsed to smallest units at the scale its market or asset gives
 * it, and a string with any other number of decimals fails, so a comparison
 * with the model is exact to the last unit and checks the wire format too.
 */
export function units(text: unknown, scale: number): bigint {
  const pattern = scale === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${scale}}$`);
  if (typeof text !== 'string' || !pattern.test(text)) throw new Error(`${JSON.stringify(text)} is not a decimal string with ${scale} decimals`);
  return BigInt(text.replace('.', ''));
}

/** Smallest units as a decimal string at `scale` (what a request sends). */
export function decimal(value: bigint, scale: number): string {
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return value < 0n ? `-${text}` : text;
}

/** A fill as the API shows it to its owner, in the shape of the model's (without the owner). */
export type FillShape = Omit<ModelFill, 'user'>;
export type Book = { readonly bids: readonly (readonly [bigint, bigint])[]; readonly asks: readonly (readonly [bigint, bigint])[] };
export type Balances = Map<string, { available: bigint; locked: bigint }>;

interface Body {
  readonly [key: string]: unknown;
}

export class SpotApi {
  constructor(
    readonly url: string,
    private readonly markets: readonly MarketRules[],
    private readonly decimals: ReadonlyMap<string, number>,
  ) {}

  market(symbol: unknown): MarketRules {
    const m = this.markets.find((x) => x.symbol === symbol);
    if (!m) throw new Error(`unknown market ${JSON.stringify(symbol)}`);
    return m;
  }

  order(body: Body): OrderSnapshot {
    const m = this.market(body.symbol);
    const quote = (v: unknown) => units(v, m.quoteDecimals);
    const quantity = (v: unknown) => units(v, m.quantityScale);
    return {
      id: body.id as string,
      symbol: m.symbol,
      side: body.side as OrderSnapshot['side'],
      type: body.type as OrderSnapshot['type'],
      timeInForce: body.timeInForce as OrderSnapshot['timeInForce'],
      price: body.price === null ? null : units(body.price, m.priceScale),
      quantity: quantity(body.quantity),
      filledQuantity: quantity(body.filledQuantity),
      remainingQuantity: quantity(body.remainingQuantity),
      averagePrice: body.averagePrice === null ? null : quote(body.averagePrice),
      filledQuote: quote(body.filledQuote),
      fee: quote(body.fee),
      status: body.status as OrderSnapshot['status'],
      reason: body.reason as string | null,
    };
  }

  fill(body: Body): FillShape {
    const m = this.market(body.symbol);
    if (body.feeAsset !== m.quote) throw new Error(`fee asset ${JSON.stringify(body.feeAsset)} on ${m.symbol}`);
    return {
      orderId: body.orderId as string,
      symbol: m.symbol,
      side: body.side as FillShape['side'],
      price: units(body.price, m.priceScale),
      quantity: units(body.quantity, m.quantityScale),
      quote: units(body.quote, m.quoteDecimals),
      fee: units(body.fee, m.quoteDecimals),
      liquidity: body.liquidity as FillShape['liquidity'],
    };
  }

  async mark(m: MarketRules): Promise<bigint> {
    const response = await request(this.url).get(`/api/v1/markets/${m.symbol}/mark-price`).expect(200);
    return units(response.body.mark, m.priceScale);
  }

  place(token: string, body: Record<string, string>): request.Test {
    return request(this.url).post('/api/v1/orders').set(bearer(token)).send(body);
  }

  amend(token: string, id: string, body: Record<string, string>): request.Test {
    return request(this.url).patch(`/api/v1/orders/${id}`).set(bearer(token)).send(body);
  }

  cancel(token: string, id: string): request.Test {
    return request(this.url).delete(`/api/v1/orders/${id}`).set(bearer(token));
  }

  cancelAll(token: string, symbol?: string): request.Test {
    return request(this.url).delete(`/api/v1/orders${symbol === undefined ? '' : `?symbol=${symbol}`}`).set(bearer(token));
  }

  async book(m: MarketRules): Promise<Book> {
    const body = (await request(this.url).get(`/api/v1/markets/${m.symbol}/orderbook?depth=500`).expect(200)).body;
    const side = (levels: [string, string][]) => levels.map(([p, q]) => [units(p, m.priceScale), units(q, m.quantityScale)] as const);
    return { bids: side(body.bids), asks: side(body.asks) };
  }

  /** SPOT available and locked of every asset the suite trades. */
  async balances(token: string): Promise<Balances> {
    const body = (await request(this.url).get('/api/v1/wallet').set(bearer(token)).expect(200)).body;
    const spot = (body.accounts as { account: string; balances: Body[] }[]).find((a) => a.account === 'SPOT')!;
    // An asset the user never had may be left out: it is zero.
    const out: Balances = new Map([...this.decimals.keys()].map((asset) => [asset, { available: 0n, locked: 0n }]));
    for (const b of spot.balances) {
      const scale = this.decimals.get(b.asset as string);
      if (scale === undefined) continue;
      const available = units(b.available, scale);
      const locked = units(b.locked, scale);
      if (units(b.total, scale) !== available + locked) throw new Error(`${String(b.asset)}: total is not available + locked`);
      out.set(b.asset as string, { available, locked });
    }
    return out;
  }

  /** Every item of a paginated list of the user's (orders/history, orders, fills). */
  async all(token: string, path: string): Promise<Body[]> {
    const items: Body[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = `${path}${separator}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const body = (await request(this.url).get(page).set(bearer(token)).expect(200)).body;
      items.push(...(body.items as Body[]));
      cursor = body.nextCursor as string | null;
    } while (cursor !== null);
    return items;
  }
}

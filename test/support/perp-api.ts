import request from 'supertest';
import { bearer } from './accounts';
import { units } from './spot-api';
import type { MarketRules } from './spot-rules';
import { MarginMode, ModelPosition, entryPrice } from './perp-rules';

/**
 * The perpetual side of the API as test/perp-model.e2e-spec.ts reads it (the
 * order and fill shapes are SpotApi's): a position and the MARGIN account,
 * every amount parsed to smallest units at its scale (a string with another
 * number of decimals fails), so a comparison with the model is exact.
 */
export interface PositionShape {
  readonly size: bigint;
  readonly entryPrice: bigint | null;
  readonly isolatedMargin: bigint;
  readonly realizedPnl: bigint;
  readonly fees: bigint;
  readonly leverage: number;
  readonly marginMode: MarginMode;
}

/** The model's position in the shape the API shows. */
export function positionShape(m: MarketRules, p: ModelPosition): PositionShape {
  return {
    size: p.size,
    entryPrice: entryPrice(m, p),
    isolatedMargin: p.isolatedMargin,
    realizedPnl: p.realizedPnl,
    fees: p.fees,
    leverage: Number(p.leverage),
    marginMode: p.mode,
  };
}

export class PerpApi {
  constructor(
    readonly url: string,
    readonly m: MarketRules,
  ) {}

  async position(token: string): Promise<PositionShape> {
    const body = (await request(this.url).get(`/api/v1/positions/${this.m.symbol}`).set(bearer(token)).expect(200)).body;
    const q = (v: unknown) => units(v, this.m.quantityScale);
    const quote = (v: unknown) => units(v, this.m.quoteDecimals);
    const size = q(body.signedSize);
    const side = size > 0n ? 'LONG' : size < 0n ? 'SHORT' : 'FLAT';
    if (body.side !== side || q(body.size) !== (size < 0n ? -size : size)) throw new Error(`position side/size ${body.side} ${body.size} against signedSize ${body.signedSize}`);
    return {
      size,
      entryPrice: body.entryPrice === null ? null : quote(body.entryPrice),
      isolatedMargin: quote(body.isolatedMargin),
      realizedPnl: quote(body.realizedPnl),
      fees: quote(body.fees),
      leverage: body.leverage as number,
      marginMode: body.marginMode as MarginMode,
    };
  }

  /** The MARGIN account's two buckets in the settlement asset. */
  async margin(token: string): Promise<{ available: bigint; locked: bigint }> {
    const body = (await request(this.url).get(`/api/v1/wallet/${this.m.quote}`).set(bearer(token)).expect(200)).body;
    return { available: units(body.margin.available, this.m.quoteDecimals), locked: units(body.margin.locked, this.m.quoteDecimals) };
  }

  setting(token: string, path: 'margin-mode' | 'leverage' | 'margin', body: Record<string, unknown>): request.Test {
    return request(this.url).post(`/api/v1/positions/${this.m.symbol}/${path}`).set(bearer(token)).send(body);
  }

  async transferToMargin(token: string, amount: string): Promise<void> {
    await request(this.url).post('/api/v1/wallet/transfers').set(bearer(token)).send({ asset: this.m.quote, amount, from: 'SPOT', to: 'MARGIN' }).expect(201);
  }

  /** An admin moves the market's price (the feed carries on from it). */
  async shock(adminToken: string, price: string): Promise<void> {
    const response = await request(this.url).post(`/api/v1/admin/markets/${this.m.symbol}/price`).set(bearer(adminToken)).send({ price });
    if (response.status !== 200 && response.status !== 202) throw new Error(`price shock: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

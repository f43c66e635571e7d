import request from 'supertest';
import { bearer } from './accounts';
import { waitFor } from './wallet';

export interface OrderBody {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  quantity: string;
  price?: string;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'POST_ONLY';
  clientOrderId?: string;
}

export function placeOrder(url: string, token: string, body: OrderBody): request.Test {
  return request(url).post('/api/v1/orders').set(bearer(token)).send(body);
}

/** The mark price of a market as a whole number string (on every tick grid), once the feed has priced it. */
export async function wholeMark(url: string, symbol: string): Promise<bigint> {
  const mark = await waitFor(async () => {
    const r = await request(url).get(`/api/v1/markets/${symbol}/mark-price`);
    return r.status === 200 ? (r.body.mark as string) : undefined;
  });
  return BigInt(mark.split('.')[0]!);
}

import { mulberry32 } from '../lib/prng';

/**
 * The seeded order stream of the engine scenario: 60% limit orders, 30% cancels, 10% market
 * orders on one book, around a mid price that random-walks. Generated up front into typed
 * arrays so that both engines get exactly the same input and the generation is never timed.
 *
 * Shape (chosen to look like a busy book, not to flatter either engine):
 * - limit prices: mid -/+ an offset skewed towards the top of the book; about one limit in
 *   six is priced through the mid, so it takes liquidity before resting;
 * - cancels target one of the last CANCEL_WINDOW limit orders, as quoting bots do; some of
 *   them have already traded, so the cancel finds nothing (both engines see the same);
 * - market orders carry a protection price 10% away from the mid, which the book never
 *   reaches here: the reference can then use its plain market order with the same result;
 * - 1,000 owners, so self-trade prevention (expire the taker) fires now and then.
 */
export enum Op {
  LIMIT = 0,
  CANCEL = 1,
  MARKET = 2,
}

export interface EngineStream {
  readonly length: number;
  readonly op: Uint8Array;
  /** 0 = buy, 1 = sell. */
  readonly side: Uint8Array;
  readonly price: Float64Array;
  readonly quantity: Float64Array;
  /** LIMIT/MARKET: its own id; CANCEL: the id of the target order. */
  readonly id: readonly string[];
  readonly owner: readonly string[];
}

export interface StreamShape {
  readonly limitShare: number;
  readonly cancelShare: number;
}

const MID = 100_000;
const OWNERS = 1_000;
const CANCEL_WINDOW = 2_000;

export const MIXED: StreamShape = { limitShare: 0.6, cancelShare: 0.3 };
export const LIMIT_ONLY: StreamShape = { limitShare: 1, cancelShare: 0 };

export function generateStream(length: number, seed: number, shape: StreamShape = MIXED): EngineStream {
  const rand = mulberry32(seed);
  const op = new Uint8Array(length);
  const side = new Uint8Array(length);
  const price = new Float64Array(length);
  const quantity = new Float64Array(length);
  const id: string[] = new Array<string>(length);
  const owners: string[] = [];
  for (let i = 0; i < OWNERS; i++) owners.push(`user-${i}`);
  const owner: string[] = new Array<string>(length);
  const recent: string[] = [];
  let mid = MID;

  for (let i = 0; i < length; i++) {
    if (rand() < 0.1) mid += rand() < 0.5 ? -1 : 1;
    const r = rand();
    const s = rand() < 0.5 ? 0 : 1;
    side[i] = s;
    owner[i] = owners[Math.floor(rand() * OWNERS)];
    if (r < shape.limitShare || (r < shape.limitShare + shape.cancelShare && recent.length === 0)) {
      op[i] = Op.LIMIT;
      const u = rand();
      const offset = Math.floor(u * u * 50) - 3;
      price[i] = s === 0 ? mid - offset : mid + offset;
      quantity[i] = 1 + Math.floor(rand() * rand() * 100);
      id[i] = `o${i}`;
      recent.push(id[i]);
      if (recent.length > CANCEL_WINDOW) recent.shift();
    } else if (r < shape.limitShare + shape.cancelShare) {
      op[i] = Op.CANCEL;
      const k = Math.floor(rand() * recent.length);
      id[i] = recent[k];
      recent[k] = recent[recent.length - 1];
      recent.pop();
    } else {
      op[i] = Op.MARKET;
      price[i] = s === 0 ? Math.round(mid * 1.1) : Math.round(mid * 0.9);
      quantity[i] = 1 + Math.floor(rand() * 150);
      id[i] = `o${i}`;
    }
  }
  return { length, op, side, price, quantity, id, owner };
}

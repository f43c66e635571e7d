import { Client } from 'pg';
import { Api } from './liquidation-cascade-setup';
import { SYMBOL } from './trigger-storm-setup';

/** trigger-latency's price walk and its per-trigger times, read from the app's database. */

export interface Move {
  /** Ticks (cents) the move crossed: the stops it reached. */
  readonly levels: number;
  readonly price: string;
  /** The admin's POST .../price was sent. */
  readonly sentAt: number;
  /** The feed tick that published it (market.price_samples.ts, the tick's start; its prices are in the market's units, cents). */
  readonly tickAt: number;
  /** Feed ticks between the previous move's and this one's (0: the next tick carried it). */
  readonly ticksLate: number;
}

/** Per stop with an order event, aligned: tick -> event, tick -> triggered_at (ms), the tick's time and how many stops it crossed. */
export interface TriggerTimes {
  readonly stops: number;
  readonly filled: number;
  readonly eventMs: number[];
  readonly triggeredMs: number[];
  readonly tickAts: number[];
  readonly levels: number[];
  /** Transactions that wrote the trigger events, and the largest's count. */
  readonly batches: number;
  readonly largestBatch: number;
}

const MOVE_TIMEOUT_MS = 5_000;
const POLL_MS = 25;

/** A decimal string (any scale) in cents: the market's tick is 0.01. */
export function toCents(decimal: string): bigint {
  const [whole, frac = ''] = decimal.split('.');
  return BigInt(`${whole}${frac.padEnd(2, '0').slice(0, 2)}`);
}

/** Cents as a decimal string of 2 places. */
export const asDecimal = (c: bigint): string => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

/** The value at percentile p (0 = min, 100 = max) of `values`, by rank (no interpolation), rounded to the ms. */
export function exact(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p <= 0 ? 1 : Math.ceil((p / 100) * sorted.length);
  return Math.round(sorted[Math.min(sorted.length, rank) - 1]!);
}

/**
 * From `start` (cents) down by `steps[k]` cents per move: each move is posted once the feed has
 * published the previous one, so the next tick carries it (one move per feed tick).
 */
export async function walkDown(api: Api, db: Client, admin: string, start: bigint, steps: readonly number[]): Promise<Move[]> {
  const moves: Move[] = [];
  let price = start;
  let seq = ((await db.query(`SELECT max(seq)::int AS seq FROM market.price_samples WHERE symbol = $1`, [SYMBOL])).rows[0] as { seq: number }).seq;
  for (const levels of steps) {
    price -= BigInt(levels);
    const sentAt = Date.now();
    await api.call('POST', `/api/v1/admin/markets/${SYMBOL}/price`, admin, { price: asDecimal(price) }, 202);
    const deadline = sentAt + MOVE_TIMEOUT_MS;
    for (;;) {
      const r = (await db.query(`SELECT seq::int AS seq, ts FROM market.price_samples WHERE symbol = $1 AND seq > $2 AND mark_price = $3::numeric ORDER BY seq LIMIT 1`, [SYMBOL, seq, price.toString()])).rows[0] as
        | { seq: number; ts: Date }
        | undefined;
      if (r) {
        moves.push({ levels, price: asDecimal(price), sentAt, tickAt: r.ts.getTime(), ticksLate: r.seq - seq - 1 });
        seq = r.seq;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the move to ${asDecimal(price)} was not published within ${MOVE_TIMEOUT_MS} ms`);
      await new Promise((r2) => setTimeout(r2, POLL_MS));
    }
  }
  return moves;
}

/** Waits (up to `timeoutMs`) until every stop is FILLED with its trigger event, then reads each one's times from the ticks since `since`. */
export async function measureTriggers(db: Client, stops: readonly { id: string; trigger: string }[], since: number, timeoutMs: number): Promise<TriggerTimes> {
  const ids = stops.map((s) => s.id);
  const eventsSql = `SELECT payload->>'orderId' AS id, min(occurred_at) AS occurred FROM platform.outbox
    WHERE type = 'orders.OrderUpdated' AND payload->>'orderId' = ANY($1::text[]) AND payload->'trigger'->>'triggeredAt' IS NOT NULL GROUP BY 1`;
  const deadline = Date.now() + timeoutMs;
  let filled = 0;
  let events: { id: string; occurred: Date }[] = [];
  for (;;) {
    filled = ((await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'FILLED'`, [ids])).rows[0] as { n: number }).n;
    events = (await db.query(eventsSql, [ids])).rows as { id: string; occurred: Date }[];
    if ((filled === ids.length && events.length === ids.length) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const ticks = ((await db.query(`SELECT seq::int AS seq, ts, mark_price::text AS mark FROM market.price_samples WHERE symbol = $1 AND ts >= $2 ORDER BY seq`, [SYMBOL, new Date(since - 2_000)])).rows as { seq: number; ts: Date; mark: string }[]).map(
    (t) => ({ seq: t.seq, at: t.ts.getTime(), mark: BigInt(t.mark.split('.')[0]!) }),
  );
  const triggered = new Map(
    ((await db.query(`SELECT id::text AS id, triggered_at FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids])).rows as { id: string; triggered_at: Date | null }[]).map((r) => [r.id, r.triggered_at]),
  );
  const occurred = new Map(events.map((e) => [e.id, e.occurred.getTime()]));
  // A sell stop is reached when the mark is at or below its trigger: the first tick that did it.
  const tickOf = new Map(stops.map((s) => [s.id, ticks.find((t) => t.mark <= toCents(s.trigger))]));
  const perTick = new Map<number, number>();
  for (const t of tickOf.values()) if (t) perTick.set(t.seq, (perTick.get(t.seq) ?? 0) + 1);
  const times: TriggerTimes = { stops: stops.length, filled, eventMs: [], triggeredMs: [], tickAts: [], levels: [], batches: 0, largestBatch: 0 };
  for (const s of stops) {
    const tick = tickOf.get(s.id);
    const at = occurred.get(s.id);
    if (!tick || at === undefined) continue;
    times.eventMs.push(at - tick.at);
    times.triggeredMs.push((triggered.get(s.id)?.getTime() ?? Number.NaN) - tick.at);
    times.tickAts.push(tick.at);
    times.levels.push(perTick.get(tick.seq)!);
  }
  const tx = (
    await db.query(
      `SELECT count(*)::int AS batches, max(n)::int AS largest FROM (SELECT tx_id, count(*) AS n FROM platform.outbox
       WHERE type = 'orders.OrderUpdated' AND payload->>'orderId' = ANY($1::text[]) AND payload->'trigger'->>'triggeredAt' IS NOT NULL GROUP BY tx_id) b`,
      [ids],
    )
  ).rows[0] as { batches: number; largest: number };
  return { ...times, batches: tx.batches, largestBatch: tx.largest };
}

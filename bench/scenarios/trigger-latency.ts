import { Client } from 'pg';
import { HttpClient, LoadResult, openLoop } from '../lib/http-load';
import { mulberry32 } from '../lib/prng';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { Api } from './liquidation-cascade-setup';
import { Marks, orderStream } from './orders-flow';
import { DRAIN_MS, MAX_IN_FLIGHT, setupUsers } from './orders-http';
import { MARKET, SYMBOL, adminToken, placeBids, placeStops, startTriggerApp, stormUsers, waitMark } from './trigger-storm-setup';
import { Move, TriggerTimes, asDecimal, exact, measureTriggers, walkDown } from './trigger-latency-walk';

/**
 * Issue 16, "the time from the tick to the trigger's order event p99 under 100 ms at the ordinary
 * load of the orders scenario": ordinary triggers, a few per tick, not a storm. On SOL-USD (the
 * trigger-storm's spot market, walk ~0, 100.00) 200 users (--quick: 40) each rest a STOP_MARKET
 * sell of 1 SOL at a trigger of its own, one tick apart below the price (99.99, 99.98, ...); a
 * maker bids for all of them at 97.00. While the orders-http mix runs at LOAD_RATE orders/s on its
 * six markets (50 users), the admin price route moves the price down 1-5 ticks at a time (seeded),
 * one move per feed tick, so each tick crosses 1-5 trigger levels, until every stop is crossed.
 * Per stop: the first feed tick whose mark reached its trigger (market.price_samples.ts) to its
 * first orders.OrderUpdated outbox row carrying triggeredAt (occurred_at), target p99 < 100 ms.
 * The app runs as a deployment would: FEED_INTERVAL_MS=1000, TRIGGER_INTERVAL_MS=200 (the
 * defaults), pool 16. Reference, same run: the ordinary load's own POST /orders latency.
 * BENCH_TRIGGER_LOAD_RATE=R: the load's rate instead (0: no load, a quiet baseline whose verdict is not the target's).
 */

const NAME = 'trigger-latency';
const STOPS = 200;
const QUICK_STOPS = 40;
const LOAD_USERS = 50;
/** orders-http's 250 orders/s: a rate of its ladder that it sustains (p99 < 50 ms), the trigger-storm's load too. */
const LOAD_RATE = 250;
const LEAD_MS = 3_000;
/** The load is planned for this long per price move (one feed tick, FEED_INTERVAL_MS=1000, plus slack). */
const MS_PER_MOVE = 1_150;
const TAIL_MS = 3_000;
const MAX_LEVELS = 5;
/** The price, in cents: MARKET.initialPrice. The stops: one cent apart from a cent below it. */
const START = 10_000n;
const FILL = '97.00';
const TARGET_MS = 100;
const SEED = 16;
const ADMIN = { email: 'bench-trickle-admin@example.com', password: 'admin passphrase for the trickle' };

/** How many levels each move crosses: 1..MAX_LEVELS (seeded), summing to `stops`. */
function plan(stops: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const steps: number[] = [];
  for (let left = stops; left > 0; ) {
    const n = Math.min(left, 1 + Math.floor(rand() * MAX_LEVELS));
    steps.push(n);
    left -= n;
  }
  return steps;
}

export const triggerLatencyScenario: Scenario = {
  name: NAME,
  description: '200 STOP_MARKET sells at distinct prices, 1-5 crossed per feed tick, under the orders-http mix at 250/s: tick to each trigger\'s order event',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const count = ctx.args.quick ? QUICK_STOPS : STOPS;
    const steps = plan(count, SEED);
    // eslint-disable-next-line no-restricted-properties -- bench-only override, read once here
    const rate = Number(process.env.BENCH_TRIGGER_LOAD_RATE ?? LOAD_RATE);
    if (!Number.isFinite(rate) || rate < 0) throw new Error(`BENCH_TRIGGER_LOAD_RATE must be a rate >= 0, got ${rate}`);
    const app = await startTriggerApp(ctx.log, ADMIN);
    const db = new Client({ connectionString: app.databaseUrl });
    const client = new HttpClient(app.port, 256);
    const marks = new Marks(client);
    try {
      await db.connect();
      const api = new Api(app.url);
      const admin = await adminToken(api, ADMIN.email, ADMIN.password);
      await api.call('POST', '/api/v1/admin/markets', admin, MARKET, 201);
      await waitMark(api, SYMBOL);
      await marks.ready();
      marks.start(1000);
      const { users, makers } = await stormUsers(client, count, '3', 1, ctx.log);
      const loadUsers = await setupUsers(client, LOAD_USERS, `trickle-load-${Date.now().toString(36)}`, ctx.log, { label: 'trigger-latency load' });
      const stops = await placeStops(api, users, (i) => asDecimal(START - 1n - BigInt(i)));
      await placeBids(api, makers[0]!, count, FILL);
      ctx.log(`${NAME}: ${count} stops resting at ${asDecimal(START - BigInt(count))}..${asDecimal(START - 1n)}, bids at ${FILL}; ${steps.length} moves of 1-${MAX_LEVELS} ticks under ${rate} orders/s`);
      await new Promise((r) => setTimeout(r, 2000)); // the relayed order events reach the monitor's index

      const loadMs = LEAD_MS + steps.length * MS_PER_MOVE + TAIL_MS;
      const loadStart = Date.now();
      const load = rate > 0 ? openLoop(client, { rate, durationMs: loadMs, maxInFlight: MAX_IN_FLIGHT, drainMs: DRAIN_MS, next: orderStream(SEED, loadUsers, marks) }) : Promise.resolve(null);
      await new Promise((r) => setTimeout(r, LEAD_MS));
      let moves: Move[];
      try {
        moves = await walkDown(api, db, admin, START, steps);
      } catch (error) {
        await load;
        throw error;
      }
      const walkEnd = Date.now();
      const times = await measureTriggers(db, stops, moves[0]!.sentAt, 15_000);
      const loaded = await load;
      const loadEnd = loadStart + loadMs;
      ctx.log(`${NAME}: walk ${((walkEnd - loadStart - LEAD_MS) / 1000).toFixed(1)} s (load window ${(loadMs / 1000).toFixed(1)} s); ${summary(times)}`);
      return outcome(count, steps, moves, times, rate, loaded, loadEnd);
    } finally {
      marks.stop();
      await db.end().catch(() => undefined);
      await app.stop().catch(() => undefined);
      await app.dropDatabase();
    }
  },
};

function summary(t: TriggerTimes): string {
  return `events ${t.eventMs.length}/${t.stops}, FILLED ${t.filled}; tick -> event p50 ${exact(t.eventMs, 50)} p99 ${exact(t.eventMs, 99)} max ${exact(t.eventMs, 100)} ms; tick -> triggered_at p50 ${exact(t.triggeredMs, 50)} p99 ${exact(t.triggeredMs, 99)} ms; ${t.batches} trigger transactions (largest ${t.largestBatch})`;
}

function outcome(count: number, steps: readonly number[], moves: readonly Move[], t: TriggerTimes, rate: number, load: LoadResult | null, loadEnd: number): ScenarioOutcome {
  const p99 = exact(t.eventMs, 99);
  const pass = t.eventMs.length === count && t.filled === count && p99 < TARGET_MS;
  const loadP50 = load ? load.latency.percentile(50) / 1000 : null;
  const loadP99 = load ? load.latency.percentile(99) / 1000 : null;
  const underLoad = load ? t.tickAts.filter((at) => at <= loadEnd).length : count;
  const missed = moves.filter((m) => m.ticksLate > 0).length;
  const row = (metric: string, o: number | string | null, f: number | string | null, target: string, ok: boolean | null): ResultRow => ({
    scenario: NAME,
    metric,
    ours: o,
    reference: f,
    ratio: typeof o === 'number' && typeof f === 'number' && f > 0 ? o / f : null,
    target,
    pass: ok,
  });
  const byLevels = [1, 2, 3, 4, 5].map((n) => {
    const ms = t.eventMs.filter((_, i) => t.levels[i] === n);
    return { levels: n, triggers: ms.length, p50: exact(ms, 50), max: exact(ms, 100) };
  });
  return {
    rows: [
      row(`ms, mark tick to the trigger's order event (outbox occurred_at) p99, ${count} stops, 1-${MAX_LEVELS} per tick, ${load ? `load ${rate}/s (vs its POST /orders p99)` : 'no load'}`, p99, loadP99, load ? `< ${TARGET_MS} ms` : '', load ? pass : null),
      row('p50 ms (vs the load\'s POST /orders p50)', exact(t.eventMs, 50), loadP50, '', null),
      row('max ms / min ms', `${exact(t.eventMs, 100)} / ${exact(t.eventMs, 0)}`, null, '', null),
      row('tick to triggered_at (the turn\'s clock) p50 / p99 ms', `${exact(t.triggeredMs, 50)} / ${exact(t.triggeredMs, 99)}`, null, '', null),
      row('stops FILLED / with an order event / ticked under the load', `${t.filled} / ${t.eventMs.length} / ${underLoad}`, null, `${count} / ${count} / ${count}`, t.filled === count && t.eventMs.length === count && underLoad === count),
      row('price moves (feed ticks crossing levels), late by a tick; trigger transactions (largest)', `${moves.length}, ${missed}; ${t.batches} (${t.largestBatch})`, null, '', null),
      row(`ordinary load (${rate}/s offered): ok/s, p99 ms, errors`, load ? `${load.okPerSec.toFixed(0)}, ${loadP99!.toFixed(0)}, ${load.errorCount}` : 'none (quiet baseline)', null, '', null),
    ],
    details: { stops: count, steps, loadRate: rate, byLevels, moves, eventMs: t.eventMs, triggeredMs: t.triggeredMs, batches: t.batches, largestBatch: t.largestBatch, load: load ? { okPerSec: load.okPerSec, p50: loadP50, p99: loadP99, errors: load.errors } : null },
  };
}

import { join } from 'node:path';
import type { decideFunding as DecideFunding } from '../../libs/risk/src/application/deciders/fund.decider';
import type { PositionRecord } from '../../libs/positions/src/domain/position-record';
import { compileApp } from '../lib/app-server';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { fundingEndToEnd } from './funding-settlement-app';

/**
 * Issue 15: funding settlement of 100,000 positions in under 10 s, exactly once.
 *
 * Ours: the real FUND decider (`decideFunding`, libs/risk/src/application/deciders/fund.decider.ts)
 * on 100,000 open positions of one perpetual (50,000 longs, 50,000 shorts of the same sizes, half
 * CROSS, half ISOLATED): the exact payments (settleFunding), the caps, the pro-rata receipts, the
 * one PAY_FUNDING ledger intent, the isolated positions' new margins and the per-position events.
 * The decider imports @lib/* aliases, which the bench build (libs/kernel, the engine, risk/domain
 * only) does not compile: it is loaded from the app build (compileApp, swc resolves the aliases
 * there), as the app runs it.
 * Reference, in the same run: a plain scan computing the same payments (|size| x mark x rate per
 * position, up for payers, down for receivers) into an array, nothing else.
 * Checks: the decider's payments equal the scan's, Σ paid = Σ received + remainder with
 * 0 <= remainder < positions (conservation), one ledger intent for the whole funding time.
 * Then end to end through the app (funding-settlement-app.ts): the same count of positions seeded
 * in PostgreSQL, one funding time settled by the app's funding job, exactly once across a restart,
 * every balance exact; its reference a naive loop posting one ledger transaction per position.
 */

const NAME = 'funding-settlement';
const POSITIONS = 100_000;
const QUICK_POSITIONS = 20_000;
const RUNS = 5;
const QUICK_RUNS = 2;
const TARGET_MS = 10_000;
const RATE_E8 = 100_000_000n;
/** BTC-PERP-like: USDT with 6 decimals, prices in cents, quantities in 0.001: unit 10. */
const SPEC = { symbol: 'BTC-PERP', base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6, priceScale: 2, quantityScale: 3 };
const UNIT = 10n;
const MARK = 5_000_012n; // 50,000.12
const RATE = 10_037n; // 0.010037 % (not a round number: the rounding matters)

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

function positions(count: number): PositionRecord[] {
  const next = seeded(15);
  const now = new Date();
  const out: PositionRecord[] = [];
  for (let i = 0; i < count / 2; i++) {
    const size = BigInt(1 + Math.floor(next() * 5000)); // 0.001 to 5 BTC
    for (const [k, signed] of [[2 * i, size], [2 * i + 1, -size]] as const) {
      const isolated = k % 4 >= 2;
      out.push({
        userId: `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
        symbol: SPEC.symbol,
        asset: SPEC.quote,
        leverage: 10,
        marginMode: isolated ? 'ISOLATED' : 'CROSS',
        isolatedMargin: isolated ? 10n ** 12n : 0n,
        position: { size: signed, entryValue: size * MARK, realizedPnl: 0n },
        fees: 0n,
        openedQuantity: size,
        openedValue: size * MARK,
        closedQuantity: 0n,
        closedValue: 0n,
        openedAt: now,
        updatedAt: now,
        version: 1,
      } as unknown as PositionRecord);
    }
  }
  return out;
}

/** The reference: the same payments by a plain scan. */
function scan(all: readonly PositionRecord[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of all) {
    const size = r.position.size;
    const exact = (size < 0n ? -size : size) * MARK * UNIT * RATE;
    out.set(r.userId, size > 0n ? -((exact + RATE_E8 - 1n) / RATE_E8) : exact / RATE_E8);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface FundingIntent {
  readonly kind: string;
  readonly payments: readonly { readonly userId: string; readonly amount: bigint }[];
  readonly remainder: bigint;
}

export const fundingSettlementScenario: Scenario = {
  name: NAME,
  description: 'Funding settlement of 100,000 positions: end to end through the funding job vs a naive per-position ledger loop; the FUND decider vs a plain scan',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const build = compileApp(ctx.log);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app build, compiled at run time (see above)
    const { decideFunding } = require(join(build, 'libs/risk/src/application/deciders/fund.decider.js')) as { decideFunding: typeof DecideFunding };
    const all = positions(ctx.args.quick ? QUICK_POSITIONS : POSITIONS);
    const runs = ctx.args.quick ? QUICK_RUNS : RUNS;
    const now = new Date();
    const fundingTime = new Date(Math.floor(now.getTime() / 28_800_000) * 28_800_000);
    const market = { openPositions: () => [...all] } as unknown as Parameters<typeof DecideFunding>[4];
    const facts = { now, availableOf: () => 10n ** 15n } as unknown as Parameters<typeof DecideFunding>[5];
    const spec = SPEC as unknown as Parameters<typeof DecideFunding>[0];

    const ours: number[] = [];
    const reference: number[] = [];
    let decision: ReturnType<typeof DecideFunding> | undefined;
    let expected = new Map<string, bigint>();
    for (let round = 0; round <= runs; round++) {
      const a = process.hrtime.bigint();
      decision = decideFunding(spec, fundingTime, RATE, MARK, market, facts);
      const b = process.hrtime.bigint();
      expected = scan(all);
      const c = process.hrtime.bigint();
      if (round === 0) continue; // JIT warm-up
      ours.push(Number(b - a) / 1e6);
      reference.push(Number(c - b) / 1e6);
    }
    if (!decision || decision.kind !== 'accepted') throw new Error(`${NAME}: the decider refused the funding time`);
    const intents = decision.intents as unknown as FundingIntent[];
    const intent = intents[0]!;
    let paid = 0n;
    let received = 0n;
    let mismatches = 0;
    for (const p of intent.payments) {
      if (p.amount < 0n) paid -= p.amount;
      else received += p.amount;
      if (expected.get(p.userId) !== p.amount) mismatches++;
    }
    mismatches += expected.size - intent.payments.length;
    const conserved = paid === received + intent.remainder && intent.remainder >= 0n && intent.remainder < BigInt(all.length);
    const events = decision.events?.length ?? 0;
    const oursMs = median(ours);
    const refMs = median(reference);
    ctx.log(`${NAME}: ${all.length} positions, decider median ${oursMs.toFixed(0)} ms, scan ${refMs.toFixed(0)} ms; paid ${paid}, received ${received}, remainder ${intent.remainder}`);
    const row = (metric: string, o: number | string | null, f: number | string | null, target: string, pass: boolean | null): ResultRow => ({
      scenario: NAME,
      metric,
      ours: o,
      reference: f,
      ratio: typeof o === 'number' && typeof f === 'number' && f > 0 ? o / f : null,
      target,
      pass,
    });
    const e2e = await fundingEndToEnd(all.length, ctx.args.profileRate !== null, ctx.log, row);
    return {
      rows: [
        ...e2e.rows,
        row(`FUND decider ms, median of ${runs} (${all.length} positions) vs plain scan`, Math.round(oursMs), Math.round(refMs), `< ${TARGET_MS} ms`, oursMs < TARGET_MS),
        row('FUND decider ms, slowest run', Math.round(Math.max(...ours)), Math.round(Math.max(...reference)), '', null),
        row('payments equal to the scan', mismatches === 0 ? 'yes' : `${mismatches} differ`, null, 'identical', mismatches === 0),
        row('ledger intents for the funding time', intents.length, null, '1', intents.length === 1),
        row(`conservation: paid = received + remainder (${paid} = ${received} + ${intent.remainder})`, conserved ? 'yes' : 'no', null, 'yes, 0 <= remainder < positions', conserved),
        row('events (one per position)', events, all.length, '= positions', events === all.length),
      ],
      details: { endToEnd: e2e.details, positions: all.length, runs, oursMs: ours, referenceMs: reference, mark: MARK, rate: RATE, paid, received, remainder: intent.remainder },
    };
  },
};

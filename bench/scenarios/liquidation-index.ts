import { LiquidationIndex } from '../../libs/risk/src/domain/liquidation-index';
import { Histogram } from '../lib/histogram';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';

/**
 * Issue 15: a mark tick over 100,000 open positions that liquidates none. Ours: the
 * LiquidationIndex (libs/risk/src/domain) answers reachedBy(mark); the reference, in the same
 * run, scans every position and compares its liquidation price with the mark (the cheapest scan
 * there is: the liquidation prices precomputed, as in the index). Seeded positions: longs with
 * liquidation prices 5-50 % under the mark, shorts 5-50 % over it; ticks within ±1 % of it.
 * Target: our p99 under 2 ms.
 */

const NAME = 'liquidation-index';
const POSITIONS = 100_000;
const QUICK_POSITIONS = 20_000;
const TICKS = 5_000;
const MARK = 5_000_000n; // 50 000.00 in cents
const P99_TARGET_NS = 2_000_000;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

interface Position {
  readonly key: string;
  readonly side: 'LONG' | 'SHORT';
  readonly liquidationPrice: bigint;
}

function positions(count: number): Position[] {
  const next = random(15);
  const out: Position[] = [];
  for (let i = 0; i < count; i++) {
    const long = next() < 0.5;
    const distance = BigInt(Math.floor((0.05 + next() * 0.45) * 1e6));
    const offset = (MARK * distance) / 1_000_000n;
    out.push({ key: `u${i}`, side: long ? 'LONG' : 'SHORT', liquidationPrice: long ? MARK - offset : MARK + offset });
  }
  return out;
}

function ticks(): bigint[] {
  const next = random(42);
  return Array.from({ length: TICKS }, () => MARK + (MARK * BigInt(Math.floor((next() * 2 - 1) * 10_000))) / 1_000_000n);
}

function scan(all: readonly Position[], mark: bigint): number {
  let reached = 0;
  for (const p of all) if (p.side === 'LONG' ? p.liquidationPrice >= mark : p.liquidationPrice <= mark) reached++;
  return reached;
}

export const liquidationIndexScenario: Scenario = {
  name: NAME,
  description: 'A mark tick over 100,000 positions that liquidates none: the liquidation index vs a full scan, in one process',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const all = positions(ctx.args.quick ? QUICK_POSITIONS : POSITIONS);
    const marks = ticks();
    const started = process.hrtime.bigint();
    const index = new LiquidationIndex();
    for (const p of all) index.put(p.key, { side: p.side, liquidationPrice: p.liquidationPrice });
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    const ours = new Histogram();
    const ref = new Histogram();
    let mismatches = 0;
    for (let round = 0; round < 2; round++) {
      for (const mark of marks) {
        const a = process.hrtime.bigint();
        const reached = index.reachedBy(mark).length;
        const b = process.hrtime.bigint();
        const scanned = scan(all, mark);
        const c = process.hrtime.bigint();
        if (round === 0) continue; // JIT warm-up
        ours.record(Number(b - a));
        ref.record(Number(c - b));
        if (reached !== scanned) mismatches++;
      }
    }
    const p99 = ours.percentile(99);
    const refP99 = ref.percentile(99);
    const row = (metric: string, o: number | string, f: number | string | null, target: string, pass: boolean | null): ResultRow => ({
      scenario: NAME,
      metric,
      ours: o,
      reference: f,
      ratio: typeof o === 'number' && typeof f === 'number' && o > 0 ? f / o : null,
      target,
      pass,
    });
    return {
      rows: [
        row(`tick p99 us (${all.length} positions, none reached)`, p99 / 1000, refP99 / 1000, '< 2000 us', p99 < P99_TARGET_NS),
        row('tick p50 us', ours.percentile(50) / 1000, ref.percentile(50) / 1000, '', null),
        row('same positions reached as the scan', mismatches === 0 ? 'yes' : `${mismatches} ticks differ`, null, 'identical', mismatches === 0),
        row('index build ms', Math.round(buildMs), null, '', null),
      ],
    };
  },
};

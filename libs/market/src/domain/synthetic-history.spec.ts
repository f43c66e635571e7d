import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { transformSync } from '@swc/core';
import { CandleInterval } from './candles';
import { historyRange, syntheticCandles } from './history-range';
import { Sfc32, SyntheticWalk, WalkCheckpoints, isqrt, minuteSigmaPpb, syntheticMinutes, syntheticStart } from './synthetic-history';

const END = Date.UTC(2026, 10, 21, 10, 0, 0);
const YEAR = 365 * 1440;
/** The last minute's open, high, low and the close 3 days earlier, for the default seed: changing the algorithm changes them (and must be documented). */
const PINNED = [950_969n, 951_449n, 949_829n, 886_530n];
/** The first words for seed "s" and "BTC", checked against an independent implementation of the reference C sfc32 (Python). */
const SFC32_WORDS = [3_915_902_428, 445_272_845, 3_645_478_151, 1_448_859_133];
const btc: SyntheticWalk = { seed: 'exchange-synthetic-history-v1', underlying: 'BTC', endPrice: 950_000n, tickSize: 1n, volatilityPpm: 600_000n, endTime: END, minutes: YEAR };

describe('synthetic history (integer walk)', () => {
  it('sfc32 gives fixed 32-bit words for a seed and an underlying', () => {
    const a = new Sfc32('s', 'BTC');
    const b = new Sfc32('s', 'BTC');
    const words = Array.from({ length: 4 }, () => a.next());
    expect(Array.from({ length: 4 }, () => b.next())).toEqual(words);
    expect(words).toEqual(SFC32_WORDS);
    expect(words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    expect(new Sfc32('s', 'ETH').next()).not.toBe(new Sfc32('s', 'BTC').next());
  });

  it('derives the minute volatility with integers: 0.6 a year is 828 ppm a minute', () => {
    expect(isqrt(525_600n * 1_000_000n)).toBe(724_982n);
    expect(minuteSigmaPpb(600_000n)).toBe(827_606);
  });

  it(`generates a year (${YEAR} minutes) well under a second`, async () => {
    // Timed in a worker thread: Jest's sandbox makes BigInt64Array stores ~10x slower than the app's plain Node.
    const ms = await timeInWorker();
    process.stdout.write(`synthetic history: ${YEAR} one-minute candles in ${ms.toFixed(0)} ms (best of 3)\n`);
    expect(ms).toBeLessThan(1000);
  });

  it('is ascending, aligned and consistent (high >= max(open, close), low <= min), ending at the start price', () => {
    const m = syntheticMinutes(btc, syntheticStart(btc), END);
    expect(m.openTime.length).toBe(YEAR);
    expect(m.openTime[0]).toBe(END - YEAR * 60_000);
    expect(m.openTime[YEAR - 1]).toBe(END - 60_000);
    expect(m.close[YEAR - 1]).toBe(950_000n);
    for (let i = 0; i < YEAR; i++) {
      const [o, h, l, c] = [m.open[i]!, m.high[i]!, m.low[i]!, m.close[i]!];
      if (m.openTime[i]! % 60_000 !== 0 || (i > 0 && m.openTime[i]! !== m.openTime[i - 1]! + 60_000)) throw new Error(`minute ${i} misaligned`);
      if (!(l > 0n && l <= (o < c ? o : c) && h >= (o > c ? o : c))) throw new Error(`minute ${i}: ${o} ${h} ${l} ${c}`);
      if (i > 0 && o !== m.close[i - 1]) throw new Error(`minute ${i} does not open at the previous close`);
    }
  });

  it('is deterministic: same seed same numbers; another underlying or seed other numbers', () => {
    const range = [END - 3 * 1440 * 60_000, END] as const;
    const one = syntheticMinutes(btc, ...range);
    const again = syntheticMinutes(btc, ...range);
    expect(again.close).toEqual(one.close);
    expect(again.high).toEqual(one.high);
    expect(again.low).toEqual(one.low);
    expect(syntheticMinutes({ ...btc, underlying: 'ETH' }, ...range).close).not.toEqual(one.close);
    expect(syntheticMinutes({ ...btc, seed: 'another' }, ...range).close).not.toEqual(one.close);
    // Pinned numbers: a change of the algorithm must be deliberate (and documented).
    const last = one.open.length - 1;
    expect([one.open[last], one.high[last], one.low[last], one.close[0]]).toEqual(PINNED);
  });

  it('a window is the same minutes as the whole walk (a minute depends on its distance from the end only)', () => {
    const month: SyntheticWalk = { ...btc, minutes: 30 * 1440 };
    const whole = syntheticMinutes(month, syntheticStart(month), END);
    const from = END - 10 * 1440 * 60_000;
    const window = syntheticMinutes(btc, from, from + 59 * 60_000);
    const at = (from - syntheticStart(month)) / 60_000;
    expect(window.openTime.length).toBe(60);
    expect(Array.from(window.close)).toEqual(Array.from(whole.close.subarray(at, at + 60)));
    expect(syntheticMinutes(btc, END, END + 3_600_000).openTime.length).toBe(0); // nothing from the history start on
    expect(syntheticMinutes(btc, 0, syntheticStart(btc) - 1).openTime.length).toBe(0); // nor before the walk
  });

  it('resumes from checkpoints with the same numbers: a window deep in the past costs its length, not the walk', () => {
    const month: SyntheticWalk = { ...btc, minutes: 30 * 1440 };
    const checkpoints = new WalkCheckpoints();
    const plain = syntheticMinutes(month, END - 20 * 86_400_000, END - 19 * 86_400_000);
    expect(Array.from(syntheticMinutes(month, END - 20 * 86_400_000, END - 19 * 86_400_000, checkpoints).close)).toEqual(Array.from(plain.close));
    expect([...checkpoints.states.keys()]).toEqual(Array.from({ length: 19 }, (_, i) => (i + 1) * 1440)); // the window's deepest step is 20 x 1440 - 1
    // Later reads resume from the nearest state: an older window from day 19's, a newer one from day 5's.
    for (const [from, to] of [[END - 25 * 86_400_000, END - 24 * 86_400_000], [END - 5.5 * 86_400_000, END - 5 * 86_400_000], [END - 20 * 86_400_000, END - 20 * 86_400_000]]) {
      const resumed = syntheticMinutes(month, from!, to!, checkpoints);
      const direct = syntheticMinutes(month, from!, to!);
      expect([Array.from(resumed.open), Array.from(resumed.high), Array.from(resumed.low), Array.from(resumed.close)]).toEqual([
        Array.from(direct.open),
        Array.from(direct.high),
        Array.from(direct.low),
        Array.from(direct.close),
      ]);
    }
    expect(checkpoints.nearest(25 * 1440 + 7)?.[0]).toBe(24 * 1440); // recorded by the older window (its deepest step: 25 x 1440 - 1)
  });

  it('keeps every price a positive multiple of the tick, even a violent walk near one tick', () => {
    const wild: SyntheticWalk = { ...btc, endPrice: 50n, tickSize: 5n, volatilityPpm: 20_000_000n, minutes: 20_000 };
    const m = syntheticMinutes(wild, syntheticStart(wild), END);
    for (const column of [m.open, m.high, m.low, m.close]) for (const p of column) if (p <= 0n || p % 5n !== 0n) throw new Error(`off grid ${p}`);
  });

  it('rolls higher intervals up from the minutes', () => {
    const day = historyRange(CandleInterval.D1, END - 30 * 86_400_000, END);
    const daily = syntheticCandles(btc, day);
    const minutes = syntheticMinutes(btc, day.first, END);
    expect(daily.openTime.length).toBe(30);
    expect(daily.open[0]).toBe(minutes.open[0]);
    expect(daily.close[29]).toBe(950_000n);
    // The last day bucket holds the 600 minutes from 00:00 to the history start (10:00).
    let [high, low] = [0n, 10n ** 18n];
    for (let i = minutes.openTime.length - 600; i < minutes.openTime.length; i++) {
      high = minutes.high[i]! > high ? minutes.high[i]! : high;
      low = minutes.low[i]! < low ? minutes.low[i]! : low;
    }
    expect([daily.high[29], daily.low[29], daily.open[29]]).toEqual([high, low, minutes.open[minutes.openTime.length - 600]]);
  });
});

/** The best of three runs of a year's walk, in a worker (plain Node), compiled from this module's source. */
async function timeInWorker(): Promise<number> {
  const source = readFileSync(join(__dirname, 'synthetic-history.ts'), 'utf8');
  const { code } = transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const run = `
    const { parentPort, workerData } = require('node:worker_threads');
    const module = { exports: {} };
    new Function('exports', 'require', 'module', workerData.code)(module.exports, require, module);
    const walk = { ...workerData.walk, endPrice: BigInt(workerData.walk.endPrice), tickSize: BigInt(workerData.walk.tickSize), volatilityPpm: BigInt(workerData.walk.volatilityPpm) };
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      module.exports.syntheticMinutes(walk, module.exports.syntheticStart(walk), walk.endTime);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
    }
    parentPort.postMessage(best);`;
  const walk = { ...btc, endPrice: String(btc.endPrice), tickSize: String(btc.tickSize), volatilityPpm: String(btc.volatilityPpm) };
  const worker = new Worker(run, { eval: true, workerData: { code, walk } });
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

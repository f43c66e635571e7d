import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CandleInterval, SyntheticWalk, WalkCheckpoints, historyRange, syntheticCandles } from '../../domain';
import { WorkerSyntheticCandles } from './worker-synthetic-candles';

const END = Date.UTC(2026, 11, 1);
const walk: SyntheticWalk = { seed: 'spec', underlying: 'BTC', endPrice: 9_000_000n, tickSize: 1n, volatilityPpm: 600_000n, endTime: END, minutes: 60 * 1440 };

describe('WorkerSyntheticCandles', () => {
  jest.setTimeout(60_000);

  it('answers a long read from a worker thread with the same numbers as the domain, and keeps its checkpoints', async () => {
    const range = historyRange(CandleInterval.H1, END - 60 * 86_400_000, END - 3_600_000);
    const checkpoints = new WalkCheckpoints();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const columns = await new WorkerSyntheticCandles(1_000).candles(walk, range, checkpoints);
    delay.disable();

    const expected = syntheticCandles(walk, range);
    expect(columns.openTime.length).toBe(60 * 24);
    expect([...columns.close]).toEqual([...expected.close]);
    expect([...columns.high]).toEqual([...expected.high]);
    expect([...columns.openTime]).toEqual([...expected.openTime]);
    // The walk passed 59 day boundaries: their states came back for the next reads.
    expect(checkpoints.states.size).toBe(59);
    // The loop was not held for the walk (under jest it takes seconds on the main thread).
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  it('reads a short window inline, resuming from a checkpoint', async () => {
    const checkpoints = new WalkCheckpoints();
    const source = new WorkerSyntheticCandles(50_000);
    const day = historyRange(CandleInterval.M1, END - 30 * 86_400_000, END - 29 * 86_400_000 - 60_000);
    const first = await source.candles(walk, day, checkpoints);
    expect([...first.close]).toEqual([...syntheticCandles(walk, day).close]);
    expect(checkpoints.states.size).toBeGreaterThan(0);
  });
});

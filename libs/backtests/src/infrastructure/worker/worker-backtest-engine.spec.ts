import { StrategyType } from '../../domain';
import { BacktestCancelled, BacktestJob } from '../../application/ports/backtest-engine.port';
import { runBacktest } from './run-backtest';
import { WorkerBacktestEngine, backtestWorkerEntry } from './worker-backtest-engine';

const RULES = { kind: 'SPOT', priceScale: 2, quantityScale: 3, quoteDecimals: 6, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 0n } as const;

/** A wavy series of `n` minute candles. */
function job(n: number, type = StrategyType.SMA_CROSSOVER): BacktestJob {
  const close = BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.round(10_000 + 500 * Math.sin(i / 40) + 50 * Math.sin(i / 3))));
  const open = BigInt64Array.from({ length: n }, (_, i) => (i === 0 ? close[0]! : close[i - 1]!));
  return {
    candles: { openTime: Float64Array.from({ length: n }, (_, i) => i * 60_000), open, close },
    rules: RULES,
    settings: { initialCapital: 1_000_000_000n, feePpm: 1000n, slippageBps: 5n, sizing: { kind: 'ALL_IN' }, intervalMs: 60_000 },
    strategy: type === StrategyType.BUY_AND_HOLD ? { type, params: {} } : { type: StrategyType.SMA_CROSSOVER, params: { fast: 5, slow: 20 } },
    funding: [],
  };
}

describe('WorkerBacktestEngine (a worker thread from the TypeScript sources)', () => {
  const engine = new WorkerBacktestEngine();

  it('starts the .ts worker through the swc loader here, the compiled .js beside it in a build', () => {
    expect(backtestWorkerEntry()).toMatchObject({ eval: true });
    expect(backtestWorkerEntry().filename).toContain('source-loader.js');
  });

  it('runs the job in a worker: the same outcome as in this thread, progress up to 100, the buffers transferred', async () => {
    const expected = runBacktest(job(5_000));
    const sent = job(5_000);
    const progress: number[] = [];
    const running = engine.start(sent, (p) => progress.push(p));
    expect(sent.candles.close.length).toBe(0); // transferred: detached here
    const outcome = await running.outcome;
    expect(outcome).toEqual(expected);
    expect(outcome.strategy.metrics.trades).toBeGreaterThan(10);
    expect(outcome.benchmark.metrics.trades).toBe(1);
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('cancel stops the worker: the outcome rejects BacktestCancelled', async () => {
    const running = engine.start(job(2_000_000), () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    await running.cancel();
    await expect(running.outcome).rejects.toBeInstanceOf(BacktestCancelled);
  });

  it('reports a failure of the job', async () => {
    const bad = { ...job(10), candles: { openTime: new Float64Array(0), open: new BigInt64Array(0), close: new BigInt64Array(0) } };
    await expect(engine.start(bad, () => undefined).outcome).rejects.toThrow('no candles');
  });
});

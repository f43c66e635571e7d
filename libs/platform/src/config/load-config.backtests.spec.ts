import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: backtests', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-backtests-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has the documented defaults', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).backtests).toEqual({ workers: 2, maxRunningPerUser: 2, maxPendingPerUser: 10, maxQueued: 200, pollMs: 1000, progressMs: 500, staleMs: 30_000 });
  });

  it('reads each variable and refuses bad values, naming each', () => {
    const env = { DATA_DIR: dataDir, BACKTEST_WORKERS: '0', BACKTEST_MAX_RUNNING_PER_USER: '1', BACKTEST_MAX_PENDING_PER_USER: '3', BACKTEST_MAX_QUEUED: '5', BACKTEST_POLL_MS: '50', BACKTEST_PROGRESS_MS: '100', BACKTEST_STALE_MS: '2000' };
    expect(loadConfig(env).backtests).toEqual({ workers: 0, maxRunningPerUser: 1, maxPendingPerUser: 3, maxQueued: 5, pollMs: 50, progressMs: 100, staleMs: 2000 });
    const bad = { DATA_DIR: dataDir, BACKTEST_WORKERS: '-1', BACKTEST_MAX_RUNNING_PER_USER: '0', BACKTEST_MAX_PENDING_PER_USER: 'ten', BACKTEST_MAX_QUEUED: '0', BACKTEST_POLL_MS: '1' };
    try {
      loadConfig(bad);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const name of Object.keys(bad).filter((n) => n !== 'DATA_DIR')) expect((error as Error).message).toContain(name);
    }
    expect(() => loadConfig({ DATA_DIR: dataDir, BACKTEST_PROGRESS_MS: '1000', BACKTEST_STALE_MS: '2000' })).toThrow(/BACKTEST_STALE_MS/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: continuous reconciliation', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-risk-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const reconcile = (env: Record<string, string> = {}) => {
    const { reconcileEnabled, reconcileIntervalMs, reconcileHaltOnMismatch } = loadConfig({ DATA_DIR: dataDir, ...env }).risk;
    return { reconcileEnabled, reconcileIntervalMs, reconcileHaltOnMismatch };
  };

  it('checks every minute and halts nothing by default; off under NODE_ENV=test unless asked', () => {
    expect(reconcile()).toEqual({ reconcileEnabled: true, reconcileIntervalMs: 60_000, reconcileHaltOnMismatch: false });
    expect(reconcile({ NODE_ENV: 'test' }).reconcileEnabled).toBe(false);
    expect(reconcile({ NODE_ENV: 'test', RECONCILE: 'true' }).reconcileEnabled).toBe(true);
  });

  it('reads RECONCILE_HALT_ON_MISMATCH as a boolean and the interval down to 100 ms', () => {
    expect(reconcile({ RECONCILE_HALT_ON_MISMATCH: 'true', RECONCILE_INTERVAL_MS: '200' })).toEqual({ reconcileEnabled: true, reconcileIntervalMs: 200, reconcileHaltOnMismatch: true });
    expect(reconcile({ RECONCILE_HALT_ON_MISMATCH: 'false' }).reconcileHaltOnMismatch).toBe(false);
    expect(reconcile({ RECONCILE_HALT_ON_MISMATCH: 'on' }).reconcileHaltOnMismatch).toBe(true);
  });

  it('refuses another RECONCILE_HALT_ON_MISMATCH value and an interval out of range, naming each', () => {
    expect(() => reconcile({ RECONCILE_HALT_ON_MISMATCH: 'maybe' })).toThrow(ConfigError);
    expect(() => reconcile({ RECONCILE_HALT_ON_MISMATCH: 'maybe' })).toThrow(/RECONCILE_HALT_ON_MISMATCH must be true or false \(got "maybe"\)/);
    expect(() => reconcile({ RECONCILE_INTERVAL_MS: '99' })).toThrow(/RECONCILE_INTERVAL_MS must be an integer from 100 to 86400000/);
    expect(() => reconcile({ RECONCILE_INTERVAL_MS: '1m' })).toThrow(/RECONCILE_INTERVAL_MS must be an integer/);
  });
});

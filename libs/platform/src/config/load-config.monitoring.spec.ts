import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';

describe('loadConfig: monitoring', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-monitoring-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has the documented defaults; alerts are off under NODE_ENV=test unless asked for', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).monitoring).toEqual({
      intervalMs: 2000,
      sessionRecheckMs: 30_000,
      alertsEnabled: true,
      feedStaleMs: 5000,
      outboxLagMs: 5000,
      eventLoopDelayMs: 200,
      insuranceFundMin: '0',
      largeTradeNotional: '100000',
      loginFailureBurst: 5,
    });
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).monitoring.alertsEnabled).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', ADMIN_ALERTS: 'true' }).monitoring.alertsEnabled).toBe(true);
  });

  it('reads every setting, and refuses what is out of range or not a decimal, naming each', () => {
    const m = loadConfig({ DATA_DIR: dataDir, ADMIN_METRICS_INTERVAL_MS: '500', ALERT_INSURANCE_FUND_MIN: '2500.5', ADMIN_LARGE_TRADE_NOTIONAL: '1000' }).monitoring;
    expect(m).toMatchObject({ intervalMs: 500, insuranceFundMin: '2500.5', largeTradeNotional: '1000' });
    expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_METRICS_INTERVAL_MS: '50' })).toThrow(/ADMIN_METRICS_INTERVAL_MS/);
    expect(() => loadConfig({ DATA_DIR: dataDir, ALERT_INSURANCE_FUND_MIN: '-1' })).toThrow(/ALERT_INSURANCE_FUND_MIN must be a non-negative decimal/);
    expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_LARGE_TRADE_NOTIONAL: '1e6' })).toThrow(/ADMIN_LARGE_TRADE_NOTIONAL/);
    expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_LOGIN_FAILURE_BURST: '1' })).toThrow(/ADMIN_LOGIN_FAILURE_BURST/);
  });
});

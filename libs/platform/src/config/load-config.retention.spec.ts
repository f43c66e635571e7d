import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: retention of system rows', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-retention-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has the documented defaults', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).retention).toEqual({ intervalMs: 60_000, systemEventMinutes: 10, botOrderMinutes: 60, botTradeDays: 30, idempotencyKeyHours: 24 });
  });

  it('reads each variable and refuses bad values, naming each', () => {
    const env = { DATA_DIR: dataDir, RETENTION_INTERVAL_MS: '5000', OUTBOX_SYSTEM_RETENTION_MINUTES: '60', BOT_ORDER_RETENTION_MINUTES: '5', BOT_TRADE_RETENTION_DAYS: '7', IDEMPOTENCY_KEY_TTL_HOURS: '48' };
    expect(loadConfig(env).retention).toEqual({ intervalMs: 5000, systemEventMinutes: 60, botOrderMinutes: 5, botTradeDays: 7, idempotencyKeyHours: 48 });
    const bad = { DATA_DIR: dataDir, RETENTION_INTERVAL_MS: '10', OUTBOX_SYSTEM_RETENTION_MINUTES: '0', BOT_ORDER_RETENTION_MINUTES: 'soon', BOT_TRADE_RETENTION_DAYS: '-1', IDEMPOTENCY_KEY_TTL_HOURS: '0' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      for (const name of Object.keys(bad).filter((n) => n !== 'DATA_DIR')) expect((error as Error).message).toContain(name);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: the synthetic price history', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-history-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has the documented defaults: a fixed public seed and a year', () => {
    const { historySeed, historySyntheticDays } = loadConfig({ DATA_DIR: dataDir }).market;
    expect({ historySeed, historySyntheticDays }).toEqual({ historySeed: 'exchange-synthetic-history-v1', historySyntheticDays: 365 });
  });

  it('reads HISTORY_SEED and HISTORY_SYNTHETIC_DAYS (0 disables) and refuses bad values, naming each', () => {
    const market = loadConfig({ DATA_DIR: dataDir, HISTORY_SEED: 'demo', HISTORY_SYNTHETIC_DAYS: '0' }).market;
    expect([market.historySeed, market.historySyntheticDays]).toEqual(['demo', 0]);
    const bad = { DATA_DIR: dataDir, HISTORY_SEED: 'x'.repeat(257), HISTORY_SYNTHETIC_DAYS: '731' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    expect(() => loadConfig(bad)).toThrow(/HISTORY_SEED[\s\S]*HISTORY_SYNTHETIC_DAYS|HISTORY_SYNTHETIC_DAYS[\s\S]*HISTORY_SEED/);
    expect(() => loadConfig({ DATA_DIR: dataDir, HISTORY_SYNTHETIC_DAYS: 'a year' })).toThrow(/HISTORY_SYNTHETIC_DAYS/);
  });

  it('keeps 1m/5m/15m candles PRICE_CANDLE_RETENTION_DAYS (30) and 1h/4h/1d PRICE_CANDLE_LONG_RETENTION_DAYS (730), never shorter', () => {
    const pick = (env: Record<string, string>) => {
      const { candleRetentionDays, candleLongRetentionDays } = loadConfig({ DATA_DIR: dataDir, ...env }).market;
      return [candleRetentionDays, candleLongRetentionDays];
    };
    expect(pick({})).toEqual([30, 730]);
    expect(pick({ PRICE_CANDLE_RETENTION_DAYS: '7', PRICE_CANDLE_LONG_RETENTION_DAYS: '7' })).toEqual([7, 7]);
    expect(() => pick({ PRICE_CANDLE_RETENTION_DAYS: '60', PRICE_CANDLE_LONG_RETENTION_DAYS: '30' })).toThrow(/PRICE_CANDLE_LONG_RETENTION_DAYS must be at least PRICE_CANDLE_RETENTION_DAYS \(60\)/);
    expect(() => pick({ PRICE_CANDLE_LONG_RETENTION_DAYS: '0' })).toThrow(/PRICE_CANDLE_LONG_RETENTION_DAYS/);
  });
});

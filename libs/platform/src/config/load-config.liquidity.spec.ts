import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: built-in liquidity', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-liquidity-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the market maker and the noise trader by default, with their documented settings', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).liquidity).toEqual({
      marketMaker: true,
      noiseTrader: true,
      refreshMs: 2000,
      levels: 5,
      stepBps: 25,
      levelNotional: 1000n,
      maxDailyLoss: 5000n,
      maxPosition: 10000n,
      maxTopUpsPerDay: 4,
      noiseMinMs: 20_000,
      noiseMaxMs: 60_000,
    });
  });

  it('keeps the book quiet under NODE_ENV=test unless asked', () => {
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).liquidity).toMatchObject({ marketMaker: false, noiseTrader: false });
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', MARKET_MAKER: 'true', NOISE_TRADER: 'on' }).liquidity).toMatchObject({ marketMaker: true, noiseTrader: true });
  });

  it('reads the maker\'s daily loss cap as an exact whole amount and the top-up limit', () => {
    expect(loadConfig({ DATA_DIR: dataDir, MARKET_MAKER_MAX_DAILY_LOSS: '250', LIQUIDITY_MAX_TOP_UPS_PER_DAY: '2' }).liquidity).toMatchObject({ maxDailyLoss: 250n, maxTopUpsPerDay: 2 });
    expect(loadConfig({ DATA_DIR: dataDir, MARKET_MAKER_MAX_POSITION: '2500' }).liquidity).toMatchObject({ maxPosition: 2500n });
    expect(() => loadConfig({ DATA_DIR: dataDir, MARKET_MAKER_MAX_POSITION: '0' })).toThrow(/MARKET_MAKER_MAX_POSITION must be a whole number/);
    for (const bad of ['0', '-5', '1.5', '1e3', '99999999999']) {
      expect(() => loadConfig({ DATA_DIR: dataDir, MARKET_MAKER_MAX_DAILY_LOSS: bad })).toThrow(/MARKET_MAKER_MAX_DAILY_LOSS must be a whole number/);
    }
    expect(() => loadConfig({ DATA_DIR: dataDir, LIQUIDITY_MAX_TOP_UPS_PER_DAY: '0' })).toThrow(/LIQUIDITY_MAX_TOP_UPS_PER_DAY/);
  });

  it('refuses bad values, naming each variable', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, MARKET_MAKER: 'maybe', MARKET_MAKER_LEVELS: '0', NOISE_TRADER_MIN_MS: '5000', NOISE_TRADER_MAX_MS: '1000' })).toThrow(ConfigError);
    try {
      loadConfig({ DATA_DIR: dataDir, MARKET_MAKER: 'maybe', MARKET_MAKER_LEVELS: '0', NOISE_TRADER_MIN_MS: '5000', NOISE_TRADER_MAX_MS: '1000' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['MARKET_MAKER ', 'MARKET_MAKER_LEVELS', 'NOISE_TRADER_MAX_MS']) expect(message).toContain(name);
    }
  });
});

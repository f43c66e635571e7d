import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: the market seed', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-config-seed-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is by default a secret of at least 128 bits generated once per install and kept in DATA_DIR', () => {
    const dataDir = fresh();
    const market = loadConfig({ DATA_DIR: dataDir }).market;
    expect(market.seedSource).toBe('file');
    expect(Buffer.from(market.seed, 'base64url').length).toBeGreaterThanOrEqual(16);
    const file = join(dataDir, 'market-seed');
    expect(readFileSync(file, 'utf8')).toBe(market.seed);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same install keeps its seed across restarts; another install has another one.
    expect(loadConfig({ DATA_DIR: dataDir }).market.seed).toBe(market.seed);
    expect(loadConfig({ DATA_DIR: fresh() }).market.seed).not.toBe(market.seed);
  });

  it('takes MARKET_SEED for reproducible runs, and writes no secret then', () => {
    const dataDir = fresh();
    expect(loadConfig({ DATA_DIR: dataDir, MARKET_SEED: 'demo' }).market).toMatchObject({ seed: 'demo', seedSource: 'MARKET_SEED' });
    expect(() => statSync(join(dataDir, 'market-seed'))).toThrow();
  });

  it('refuses a kept seed too short to be a secret, naming the file', () => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, 'market-seed'), 'exchange');
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/MARKET_SEED .*market-seed/);
  });
});

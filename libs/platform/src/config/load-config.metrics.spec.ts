import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: metrics', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-metrics-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the metrics without a token by default; METRICS=off and METRICS_TOKEN are read', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).metrics).toEqual({ enabled: true, token: null });
    expect(loadConfig({ DATA_DIR: dataDir, METRICS: 'off' }).metrics).toEqual({ enabled: false, token: null });
    expect(loadConfig({ DATA_DIR: dataDir, METRICS_TOKEN: 'sixteen-chars-ok' }).metrics).toEqual({ enabled: true, token: 'sixteen-chars-ok' });
  });

  it('refuses another METRICS value and a short token, naming each', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, METRICS: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, METRICS: 'yes' })).toThrow(/METRICS must be one of on, off/);
    expect(() => loadConfig({ DATA_DIR: dataDir, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });
});

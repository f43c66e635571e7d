import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig regressions', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'exchange-config-'));

  it('refuses a truncated development key file instead of signing with a weak key', () => {
    for (const content of ['', 'abc']) {
      const dir = dataDir();
      writeFileSync(join(dir, 'jwt-secret'), content);
      expect(() => loadConfig({ DATA_DIR: dir })).toThrow(ConfigError);
      expect(() => loadConfig({ DATA_DIR: dir })).toThrow(/jwt-secret holds fewer than 32 bytes/);
    }
  });

  it('disables CORS with CORS_ORIGINS=none; a blank value keeps the default', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), CORS_ORIGINS: 'none' }).http.corsOrigins).toEqual([]);
    expect(loadConfig({ DATA_DIR: dataDir(), CORS_ORIGINS: '' }).http.corsOrigins).toBe(true);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: CORS_ORIGINS', () => {
  const load = (CORS_ORIGINS: string) => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-config-')), CORS_ORIGINS });

  it('takes *, none, and a list of http(s) origins written as a browser sends them', () => {
    expect(load('*').http.corsOrigins).toBe(true);
    expect(load('none').http.corsOrigins).toEqual([]);
    expect(load('https://App.Example.com, http://localhost:5173,https://a.io:443,').http.corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'https://a.io',
    ]);
  });

  it.each([
    ['a path or trailing slash', 'https://app.example.com/'],
    ['a scheme other than http(s)', 'ftp://files.example.com'],
    ['no scheme', 'app.example.com'],
    ['a wildcard inside a list', 'https://a.io,*'],
    ['none inside a list', 'none,https://a.io'],
    ['credentials', 'https://user:pw@a.io'],
    ['a query', 'https://a.io?x=1'],
  ])('refuses %s with a message naming the variable and the bad item', (_why, value) => {
    expect(() => load(value)).toThrow(ConfigError);
    expect(() => load(value)).toThrow(/CORS_ORIGINS must be \*, none, or a comma-separated list of origins/);
  });

  it('names every bad origin at once', () => {
    expect(() => load('https://ok.io, https://bad.io/, bad')).toThrow(/not origins: "https:\/\/bad\.io\/", "bad"/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: logging', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-logging-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('logs at info in the format chosen by the terminal (auto) by default, warn under NODE_ENV=test', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).log).toEqual({ level: 'info', format: 'auto' });
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).log).toEqual({ level: 'warn', format: 'auto' });
  });

  it('reads LOG_FORMAT=pretty|json', () => {
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'json' }).log.format).toBe('json');
  });

  it('refuses another LOG_FORMAT, naming the variable and the allowed values', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be one of auto, pretty, json \(got "xml"\)/);
  });
});

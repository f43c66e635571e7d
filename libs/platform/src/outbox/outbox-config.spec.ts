import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config.error';
import { loadConfig } from '../config/load-config';

describe('OUTBOX_POLL_MS', () => {
  const base = { DATA_DIR: mkdtempSync(join(tmpdir(), 'outbox-config-')), JWT_SECRET: 'x'.repeat(40) };

  it('defaults to 200 ms', () => {
    expect(loadConfig(base).outbox).toEqual({ pollMs: 200, minIntervalMs: 10 });
  });

  it('reads a custom interval', () => {
    expect(loadConfig({ ...base, OUTBOX_POLL_MS: '50' }).outbox.pollMs).toBe(50);
  });

  it.each(['5', '60001', 'fast'])('refuses %p, naming the variable', (value) => {
    let error: unknown;
    try {
      loadConfig({ ...base, OUTBOX_POLL_MS: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringContaining('OUTBOX_POLL_MS')]);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config.error';
import { loadConfig } from '../config/load-config';

describe('outbox configuration', () => {
  const base = { DATA_DIR: mkdtempSync(join(tmpdir(), 'outbox-config-')), JWT_SECRET: 'x'.repeat(40) };

  it('defaults: poll every 200 ms, read at most every 10 ms, keep published events 7 days, prune every minute', () => {
    expect(loadConfig(base).outbox).toEqual({ pollMs: 200, minIntervalMs: 10, retentionHours: 168, pruneIntervalMs: 60_000 });
  });

  it('reads the retention (0 keeps events forever)', () => {
    expect(loadConfig({ ...base, OUTBOX_RETENTION_HOURS: '0' }).outbox.retentionHours).toBe(0);
    expect(loadConfig({ ...base, OUTBOX_RETENTION_HOURS: '24', OUTBOX_PRUNE_INTERVAL_MS: '500' }).outbox).toMatchObject({ retentionHours: 24, pruneIntervalMs: 500 });
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

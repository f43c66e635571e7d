import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: order queue limits', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'exchange-config-queues-'));
  const orders = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env }).orders;

  it('gives one user 10 of a market\'s 100 places by default, fewer when the market queue is small', () => {
    expect(orders({})).toMatchObject({ maxQueuedPerMarket: 100, maxQueuedPerUser: 10 });
    expect(orders({ ORDERS_MAX_QUEUED_PER_MARKET: '6' })).toMatchObject({ maxQueuedPerMarket: 6, maxQueuedPerUser: 5 });
    expect(orders({ ORDERS_MAX_QUEUED_PER_MARKET: '1' })).toMatchObject({ maxQueuedPerMarket: 1, maxQueuedPerUser: 1 });
    expect(orders({ ORDERS_MAX_QUEUED_PER_MARKET: '1000', ORDERS_MAX_QUEUED_PER_USER: '999' })).toMatchObject({ maxQueuedPerUser: 999 });
  });

  it('refuses a share that is not a positive integer, or that would let one user fill the market\'s queue', () => {
    for (const [value, message] of [
      ['0', /ORDERS_MAX_QUEUED_PER_USER must be an integer from 1/],
      ['ten', /ORDERS_MAX_QUEUED_PER_USER must be an integer from 1/],
      ['100', /ORDERS_MAX_QUEUED_PER_USER must be below ORDERS_MAX_QUEUED_PER_MARKET \(100\)/],
      ['150', /ORDERS_MAX_QUEUED_PER_USER must be below ORDERS_MAX_QUEUED_PER_MARKET \(100\)/],
    ] as const) {
      expect(() => orders({ ORDERS_MAX_QUEUED_PER_USER: value })).toThrow(ConfigError);
      expect(() => orders({ ORDERS_MAX_QUEUED_PER_USER: value })).toThrow(message);
    }
  });
});

import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';
import { INSTANCE_ID } from '../logging/instance-id';
import { HealthService, READINESS_CACHE_MS } from './health.service';

describe('HealthService', () => {
  let queries: number;
  let answer: () => Promise<unknown>;
  let health: HealthService;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    queries = 0;
    answer = () => Promise.resolve([{ '?column?': 1 }]);
    const dataSource = { isInitialized: true, query: () => ((queries += 1), answer()) } as unknown as DataSource;
    const redis = { enabled: false } as unknown as RedisConnection;
    health = new HealthService(dataSource, redis);
  });
  afterEach(() => jest.useRealTimers());

  it('answers a flood of probes with one database check a second', async () => {
    const reports = await Promise.all(Array.from({ length: 500 }, () => health.check()));
    expect(queries).toBe(1);
    expect(reports.every((r) => r.status === 'ok' && r.checks.database === 'up')).toBe(true);
    await health.check();
    expect(queries).toBe(1);

    jest.advanceTimersByTime(READINESS_CACHE_MS);
    await health.check();
    expect(queries).toBe(2);
  });

  it('sees the database go down within the cache time', async () => {
    await health.check();
    answer = () => Promise.reject(new Error('Connection terminated'));
    expect((await health.check()).checks.database).toBe('up');
    jest.advanceTimersByTime(READINESS_CACHE_MS);
    expect(await health.check()).toEqual({ status: 'error', instance: INSTANCE_ID, checks: { database: 'down', redis: 'disabled' } });
  });

  it('fails at once when shutdown starts, whatever is cached', async () => {
    expect((await health.check()).status).toBe('ok');
    health.markShuttingDown();
    expect((await health.check()).status).toBe('error');
    expect(queries).toBe(1);
  });

  it('names the process instance', async () => {
    expect((await health.check()).instance).toBe(INSTANCE_ID);
  });
});

import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';
import request from 'supertest';
import { Account, bearer, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';
import { placeOrder } from './support/orders';

/**
 * GET /api/metrics (issue 17, docs/operations.md): Prometheus text format,
 * read with a real parser; the HTTP histogram counts the requests made, by
 * route template and status; METRICS=off and METRICS_TOKEN.
 */
describe('Prometheus metrics (e2e)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /**
   * The scrape, parsed twice by parse-prometheus-text-format: as served (families and their types), and with the
   * histograms' TYPE read as untyped, so each `_count` series keeps its labels (the parser folds a labelled
   * histogram's series into one sample and drops their labels).
   */
  const scrape = async (headers: Record<string, string> = {}): Promise<PrometheusFamily[]> => {
    const res = await request(t!.url).get('/api/metrics').set(headers).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const typed = parsePrometheusTextFormat(res.text);
    const series = parsePrometheusTextFormat(res.text.replace(/^(# TYPE \S+) histogram$/gm, '$1 untyped'));
    // Each label set's series come together (buckets, sum, count): the parser starts a family at each; merge them by name.
    const counts = series.filter((f) => f.name.endsWith('_count'));
    const merged = [...new Set(counts.map((f) => f.name))].map((name) => ({ ...counts.find((f) => f.name === name)!, metrics: counts.filter((f) => f.name === name).flatMap((f) => f.metrics) }));
    return [...typed, ...merged];
  };
  const family = (families: readonly PrometheusFamily[], name: string) => families.find((f) => f.name === name);
  const countOf = (families: readonly PrometheusFamily[], labels: Record<string, string>): number => {
    const sample = family(families, 'http_request_duration_seconds_count')?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample ? Number(sample.value) : 0;
  };

  it('serves the runtime metrics, the HTTP histogram by route template and status, and the domain gauges', async () => {
    t = await startTestApp();
    const before = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'exchange_db_pool_connections', 'exchange_outbox_relay_leader', 'exchange_outbox_lag', 'exchange_trigger_orders_watched']) {
      expect({ name, present: family(before, name) !== undefined }).toEqual({ name, present: true });
    }
    const user: Account = await register(t.url);
    // Three reads of one route, two of another route with different ids (one series per template), one 404 and one 401.
    for (let i = 0; i < 3; i++) await request(t.url).get('/api/v1/markets').expect(200);
    await request(t.url).get('/api/v1/orders/11111111-1111-4111-8111-111111111111').set(bearer(user.accessToken)).expect(404);
    await request(t.url).get('/api/v1/orders/22222222-2222-4222-8222-222222222222').set(bearer(user.accessToken)).expect(404);
    await request(t.url).get('/api/v1/orders').expect(401);
    await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '1' }).expect(422);
    const after = await scrape();
    const delta = (labels: Record<string, string>) => countOf(after, labels) - countOf(before, labels);
    expect(delta({ method: 'GET', route: '/api/v1/markets', status: '200' })).toBe(3);
    expect(delta({ method: 'GET', route: '/api/v1/orders/:id', status: '404' })).toBe(2);
    expect(delta({ method: 'GET', route: '/api/v1/orders', status: '401' })).toBe(1);
    expect(delta({ method: 'POST', route: '/api/v1/orders', status: '422' })).toBe(1);
    // No raw URL ever becomes a label.
    expect(family(after, 'http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(family(after, 'http_request_duration_seconds_count')!.metrics.some((m) => /1111|2222/.test(m.labels?.['route'] ?? ''))).toBe(false);
    const pool = family(after, 'exchange_db_pool_connections')!.metrics;
    expect(pool.map((m) => m.labels?.['state']).sort()).toEqual(['idle', 'in_use', 'total', 'waiting']);
    expect(Number(pool.find((m) => m.labels?.['state'] === 'total')!.value)).toBeGreaterThan(0);
  });

  it('is off with METRICS=off (404), and asks for the bearer token with METRICS_TOKEN (401)', async () => {
    t = await startTestApp({ METRICS: 'off' });
    const off = await request(t.url).get('/api/metrics').expect(404);
    expect(off.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await t.close();
    t = await startTestApp({ METRICS_TOKEN: 'a-scrape-token-of-32-characters!' });
    expect((await request(t.url).get('/api/metrics').expect(401)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    await request(t.url).get('/api/metrics').set('authorization', 'Bearer wrong-token-of-the-same-length!').expect(401);
    const families = await scrape({ authorization: 'Bearer a-scrape-token-of-32-characters!' });
    expect(family(families, 'http_request_duration_seconds')?.type).toBe('HISTOGRAM');
  });
});

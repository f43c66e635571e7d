import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { bearer, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

/**
 * HTTP_MAX_IN_FLIGHT: past that many requests being served, a new one is
 * refused at once with 503 OVERLOADED (problem details, Retry-After), before
 * any parsing or auth; only liveness is never refused (readiness is shed like
 * any route: its answer is cached), and once the burst is over requests are
 * served again.
 */
describe('load shedding (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ HTTP_MAX_IN_FLIGHT: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses what exceeds the in-flight limit with 503 OVERLOADED, serves the rest, never sheds liveness', async () => {
    const user = await register(t.url);
    const burst = await Promise.all([
      ...Array.from({ length: 40 }, () => request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken))),
      ...Array.from({ length: 10 }, () => request(t.url).get('/api/health/live')),
    ]);
    const me = burst.slice(0, 40);
    const shed = me.filter((r) => r.status === 503);
    expect(me.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(shed.length).toBeGreaterThan(0);
    expect(me.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(shed[0]!.headers['content-type']).toContain('application/problem+json');
    expect(shed[0]!.headers['retry-after']).toBe('1');
    expect(shed[0]!.body).toMatchObject({ status: 503, code: 'OVERLOADED', type: 'urn:exchange:problem:OVERLOADED', retryAfterSeconds: 1 });
    expect(burst.slice(40).map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));

    // Readiness is not exempt: while a request holds the only slot (its body not yet sent), every probe is shed.
    const held = holdSlot(t.url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ready = await Promise.all(Array.from({ length: 5 }, () => request(t.url).get('/api/health/ready')));
    const live = await request(t.url).get('/api/health/live');
    held.end('{}');
    expect(ready.map((r) => [r.status, r.body.code])).toEqual(Array.from({ length: 5 }, () => [503, 'OVERLOADED']));
    expect(live.status).toBe(200);
    await held.done;

    // The slots are given back: one at a time, every request is served.
    for (let i = 0; i < 5; i++) await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(200);
  });
});

/** A POST whose body is not sent until `end`: it is admitted (counted in flight) in the first hook, then waits. */
function holdSlot(url: string): { end: (body: string) => void; done: Promise<void> } {
  const { hostname, port } = new URL(url);
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const req = httpRequest({ hostname, port, method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': '2' } }, (res) => {
    res.resume();
    res.on('end', finish);
  });
  req.on('error', finish);
  req.flushHeaders();
  return { end: (body) => req.end(body), done };
}

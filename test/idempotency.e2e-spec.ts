import { randomUUID } from 'node:crypto';
import { IdempotencyStore } from '@lib/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../apps/api/src/app.module';
import { Account, bearer, register } from './support/accounts';
import { IdempotencyProbeController, PROBE_TABLE_DDL } from './support/idempotency-probe.controller';
import { TestApp, startTestApp } from './support/test-app';

const PROBE = '/api/v1/test/probe';
const ACCEPTED = '/api/v1/test/probe/accepted';

/**
 * The real app plus the test-only probe controller: AppModule.forRoot is
 * wrapped for the duration of the boot, so nothing outside the tests changes.
 */
async function startProbeApp(): Promise<TestApp> {
  const forRoot = AppModule.forRoot.bind(AppModule);
  const spy = jest.spyOn(AppModule, 'forRoot').mockImplementation((options) => {
    const module = forRoot(options);
    return { ...module, controllers: [...(module.controllers ?? []), IdempotencyProbeController] };
  });
  try {
    return await startTestApp();
  } finally {
    spy.mockRestore();
  }
}

describe('idempotency keys (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: Account;
  let bob: Account;

  beforeAll(async () => {
    t = await startProbeApp();
    db = t.app.get(DataSource);
    await db.query(PROBE_TABLE_DDL);
    [alice, bob] = await Promise.all([register(t.url), register(t.url)]);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  });

  const label = (): string => `probe-${randomUUID()}`;
  const post = (account: Account, key: string | undefined, body: object, path = PROBE) => {
    const req = request(t.url).post(path).set(bearer(account.accessToken));
    return (key === undefined ? req : req.set('idempotency-key', key)).send(body);
  };
  const executions = async (probeLabel: string): Promise<number> => {
    const [row]: { count: number }[] = await db.query(`SELECT count(*)::int AS count FROM public.idem_probe WHERE label = $1`, [probeLabel]);
    return row!.count;
  };

  it('replays the first response to a repeat: same status, same bytes, not executed again', async () => {
    const key = randomUUID();
    const body = { label: label(), note: 'first' };

    const first = await post(alice, key, body).expect(201);
    const repeat = await post(alice, key, body).expect(201);

    expect(first.body).toMatchObject({ label: body.label, count: 1 });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.text).toBe(first.text);
    expect(repeat.headers['content-type']).toBe(first.headers['content-type']);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(await executions(body.label)).toBe(1);
    const [stored] = await db.query(
      `SELECT request_hash, status_code, response_body FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
      [alice.id, key],
    );
    expect(stored).toEqual({ request_hash: expect.stringMatching(/^[0-9a-f]{64}$/), status_code: 201, response_body: first.text });
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const probeLabel = label();

    const first = await request(t.url)
      .post(PROBE)
      .set(bearer(alice.accessToken))
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send(`{"label":"${probeLabel}","note":"n"}`)
      .expect(201);
    const reordered = await request(t.url)
      .post(PROBE)
      .set(bearer(alice.accessToken))
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send(`{ "note": "n",\n  "label": "${probeLabel}" }`)
      .expect(201);

    expect(reordered.text).toBe(first.text);
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    expect(await executions(probeLabel)).toBe(1);
  });

  it('refuses the same key with a different body, or on another route, with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    const body = { label: label() };
    await post(alice, key, body).expect(201);

    const otherBody = await post(alice, key, { ...body, note: 'changed' }).expect(422);
    const otherRoute = await post(alice, key, body, ACCEPTED).expect(422);

    for (const response of [otherBody, otherRoute]) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', type: 'urn:exchange:problem:IDEMPOTENCY_KEY_REUSED' });
    }
    expect(otherRoute.body.instance).toBe(ACCEPTED);
    expect(await executions(body.label)).toBe(1);
    // The first response is still there for the original request.
    await post(alice, key, body).expect(201).expect('idempotent-replayed', 'true');
  });

  it('executes exactly once for 50 concurrent requests with one key, and gives all 50 the same body', async () => {
    const key = randomUUID();
    // The executing request holds its transaction a while: the others wait on the key meanwhile.
    const body = { label: label(), sleepMs: 200 };

    const responses = await Promise.all(Array.from({ length: 50 }, () => post(alice, key, body)));

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(JSON.parse(responses[0]!.text)).toMatchObject({ label: body.label, count: 1 });
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await executions(body.label)).toBe(1);
  }, 30_000);

  it('keeps keys per user: another user may use the same key for their own request', async () => {
    const key = randomUUID();
    const body = { label: label() };

    const ofAlice = await post(alice, key, body).expect(201);
    const ofBob = await post(bob, key, body).expect(201);

    expect(ofBob.headers['idempotent-replayed']).toBeUndefined();
    expect(ofBob.body.id).not.toBe(ofAlice.body.id);
    expect(await executions(body.label)).toBe(2);
    // And a different body under that key is Bob's own business.
    await post(bob, key, { label: label() }).expect(422);
    expect((await post(alice, key, body).expect(201)).text).toBe(ofAlice.text);
    expect((await post(bob, key, body).expect(201)).text).toBe(ofBob.text);
  });

  it('does not store a failed request: its retry with the same key executes', async () => {
    const key = randomUUID();
    const body = { label: label() };
    IdempotencyProbeController.failures.set(body.label, 1);

    const failed = await post(alice, key, body).expect(500);
    expect(failed.body.code).toBe('INTERNAL_ERROR');
    expect(await executions(body.label)).toBe(0);
    const [{ count: stored }] = await db.query(`SELECT count(*)::int AS count FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`, [
      alice.id,
      key,
    ]);
    expect(stored).toBe(0);

    const retry = await post(alice, key, body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.count).toBe(1);
    expect((await post(alice, key, body).expect(201)).text).toBe(retry.text);
  });

  it('does not store a request its validation refused either', async () => {
    const key = randomUUID();

    await post(alice, key, { label: 42 }).expect(400).expect((r) => expect(r.body.code).toBe('VALIDATION_FAILED'));
    const valid = await post(alice, key, { label: label() }).expect(201);

    expect(valid.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['with a space', 'has space'],
    ['too long', 'k'.repeat(256)],
    ['empty', ''],
    ['with a slash', 'a/b'],
  ])('refuses a key %s with 400 INVALID_IDEMPOTENCY_KEY, before executing', async (_case, key) => {
    const body = { label: label() };

    const response = await post(alice, key, body).expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'INVALID_IDEMPOTENCY_KEY' });
    expect(await executions(body.label)).toBe(0);
  });

  it('accepts a 255-character key', async () => {
    await post(alice, 'k'.repeat(255), { label: label() }).expect(201);
  });

  it('executes every time without a key when the key is optional', async () => {
    const body = { label: label() };

    await post(alice, undefined, body).expect(201);
    await post(alice, undefined, body).expect(201);

    expect(await executions(body.label)).toBe(2);
  });

  it('requires the key where the route says so, and replays with the status of the route (@HttpCode)', async () => {
    const body = { label: label() };
    const missing = await post(alice, undefined, body, ACCEPTED).expect(400);
    expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const key = randomUUID();
    const first = await post(alice, key, body, ACCEPTED).expect(202);
    const repeat = await post(alice, key, body, ACCEPTED).expect(202);

    expect(repeat.text).toBe(first.text);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await executions(body.label)).toBe(1);
  });

  it('forgets expired keys: a repeat after expiry executes again', async () => {
    const key = randomUUID();
    const body = { label: label() };
    await post(alice, key, body).expect(201);
    await db.query(`UPDATE platform.idempotency_keys SET created_at = '2000-01-01' WHERE scope = $1 AND key = $2`, [alice.id, key]);

    const deleted = await t.app.get(IdempotencyStore).deleteCreatedBefore(new Date('2000-01-02'));
    const again = await post(alice, key, body).expect(201);

    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.count).toBe(2);
  });

  it('documents the header and the error codes in OpenAPI, next to the route own codes', async () => {
    const document = (await request(t.url).get('/docs-json').expect(200)).body;
    const operation = document.paths[PROBE].post;

    expect(operation.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false, schema: expect.objectContaining({ maxLength: 255 }) }),
    );
    expect(Object.keys(operation.responses['400'].content['application/problem+json'].examples).sort()).toEqual([
      'INVALID_IDEMPOTENCY_KEY',
      'VALIDATION_FAILED',
    ]);
    expect(operation.responses['422'].content['application/problem+json'].examples.IDEMPOTENCY_KEY_REUSED.value.status).toBe(422);
    const accepted = document.paths[ACCEPTED].post;
    expect(accepted.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }));
  });
});

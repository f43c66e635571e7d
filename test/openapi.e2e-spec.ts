import { createConfig, lintFromString } from '@redocly/openapi-core';
import request from 'supertest';
import { TestApp, startTestApp } from './support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Redocly `recommended` rules switched off, each with its reason. Everything
 * else fails the test, warnings included.
 */
const RULES_OFF = {
  // The project is UNLICENSED (proprietary): the license has a name and no URL to give.
  'info-license-strict': 'off',
  // Health probes answer 200 or 503 and nothing else (never limited nor shed); every other operation's 4xx is asserted below.
  'operation-4xx-response': 'off',
} as const;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const ORDER_WRITES = ['placeOrder', 'amendOrder', 'cancelOrder', 'cancelAllOrders', 'placeOrderList', 'cancelOrderList', 'forceCancelUserOrders', 'closePosition', 'changeLeverage', 'changeMarginMode', 'moveIsolatedMargin'];
/** Suspending cancels the user's orders first, a preview reads in the market's lane: a market queue that stays full answers MARKET_BUSY. */
const BUSY_ONLY = ['suspendUser', 'previewOrder'];

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let text: string;
  let doc: Json;
  const operations = () =>
    Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json, health: path.startsWith('/api/health') })),
    );
  const resolve = (node: Json): Json => (node.$ref ? doc.components.headers[node.$ref.split('/').pop()] : node);

  beforeAll(async () => {
    t = await startTestApp();
    text = (await request(t.url).get('/docs-json').expect(200)).text;
    doc = JSON.parse(text);
  });
  afterAll(() => t.close());

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'], rules: RULES_OFF });
    const problems = await lintFromString({ source: text, absoluteRef: 'http://localhost/docs-json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('names operations for clients: unique camelCase ids such as placeOrder', () => {
    const ids = operations().map(({ op }) => op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(ids.filter((id) => /Controller|_v1/.test(id))).toEqual([]);
    expect(doc.paths['/api/v1/orders'].post.operationId).toBe('placeOrder');
    expect(doc.paths['/api/v1/orders/{id}'].delete.operationId).toBe('cancelOrder');
    expect(doc.paths['/api/v1/orders/{id}'].patch.operationId).toBe('amendOrder');
    expect(doc.paths['/api/v1/auth/password'].put.operationId).toBe('changePassword');
  });

  it('declares servers, security [] on public routes and the bearer scheme on the others', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const publicIds = operations().filter(({ op }) => op.security.length === 0).map(({ op }) => op.operationId);
    expect(publicIds).toEqual(expect.arrayContaining(['register', 'logIn', 'refreshSession', 'listMarkets', 'getOrderBook', 'getHealth']));
    for (const { op } of operations()) {
      if (publicIds.includes(op.operationId)) continue;
      expect({ id: op.operationId, security: op.security }).toEqual({ id: op.operationId, security: [{ bearer: [] }] });
    }
    expect(publicIds).not.toContain('placeOrder');
    expect(publicIds).not.toContain('listUsers');
  });

  it('declares 429 RATE_LIMITED with its headers and 503 OVERLOADED on every route but health; MARKET_BUSY and OUTCOME_UNKNOWN where orders are written', () => {
    const codes = (op: Json, status: string): string[] => op.responses[status]?.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];
    for (const { op, health } of operations()) {
      const id = op.operationId;
      if (health) {
        expect({ id, limited: op.responses['429'], shed: codes(op, '503') }).toEqual({ id, limited: undefined, shed: [] });
        continue;
      }
      expect({ id, has4xx: Object.keys(op.responses).some((s) => s.startsWith('4')) }).toEqual({ id, has4xx: true });
      expect({ id, codes: codes(op, '429') }).toEqual({ id, codes: expect.arrayContaining(['RATE_LIMITED']) });
      expect({ id, headers: Object.keys(op.responses['429'].headers).sort() }).toEqual({
        id,
        headers: ['RateLimit-Limit', 'RateLimit-Policy', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'X-Request-Id'],
      });
      const shed = codes(op, '503');
      expect({ id, shed: shed.includes('OVERLOADED'), retryAfter: resolve(op.responses['503'].headers['Retry-After']).schema.type }).toEqual({ id, shed: true, retryAfter: 'integer' });
      const orderCodes = shed.filter((c) => c === 'MARKET_BUSY' || c === 'OUTCOME_UNKNOWN');
      expect({ id, orderCodes }).toEqual({ id, orderCodes: ORDER_WRITES.includes(id) ? ['MARKET_BUSY', 'OUTCOME_UNKNOWN'] : BUSY_ONLY.includes(id) ? ['MARKET_BUSY'] : [] });
    }
    expect(codes(doc.paths['/api/v1/auth/login'].post, '429')).toEqual(['TOO_MANY_LOGIN_ATTEMPTS', 'RATE_LIMITED']);
  });

  it('declares X-Request-Id on every response and Idempotent-Replayed on the successes of routes taking an Idempotency-Key', () => {
    for (const { op } of operations()) {
      const keyParams = (op.parameters ?? []).filter((p: Json) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      expect({ id: op.operationId, keyParams: keyParams.length <= 1 }).toEqual({ id: op.operationId, keyParams: true });
      for (const [status, response] of Object.entries(op.responses as Json)) {
        expect({ id: op.operationId, status, requestId: resolve(response.headers?.['X-Request-Id'] ?? {}).schema?.type }).toEqual({ id: op.operationId, status, requestId: 'string' });
        if (status.startsWith('2')) expect({ id: op.operationId, status, replayed: 'Idempotent-Replayed' in response.headers }).toEqual({ id: op.operationId, status, replayed: keyParams.length === 1 });
      }
    }
    expect(doc.paths['/api/v1/orders'].post.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
    expect(doc.paths['/api/v1/wallet/deposits'].post.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
  });

  it('types each problem answer: its code is an enum of the codes that route and status can carry', () => {
    for (const { op } of operations()) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const media = response.content?.['application/problem+json'];
        if (!media) continue;
        expect(media.schema.allOf[0]).toEqual({ $ref: '#/components/schemas/ProblemDto' });
        expect({ id: op.operationId, status, codes: media.schema.allOf[1].properties.code.enum }).toEqual({ id: op.operationId, status, codes: Object.keys(media.examples) });
      }
    }
    const place400 = doc.paths['/api/v1/orders'].post.responses['400'].content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(place400).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'INVALID_PRICE', 'INVALID_QUANTITY', 'INVALID_IDEMPOTENCY_KEY']));
  });

  it('declares the shared enums once, as named schemas that every use refers to', () => {
    const named = ['OrderSide', 'OrderType', 'OrderStatus', 'TimeInForce', 'AccountKind', 'WithdrawalStatus', 'LedgerEntryType', 'AccountStatus', 'Role', 'MarketStatus', 'InstrumentKind'];
    for (const name of named) expect({ name, type: doc.components.schemas[name]?.type }).toEqual({ name, type: 'string' });
    expect(doc.components.schemas.OrderStatus.enum).toEqual(['UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED']);
    const namedSets = new Set(named.map((n) => JSON.stringify([...doc.components.schemas[n].enum].sort())));
    const inline: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Json;
      if (Array.isArray(schema.enum) && namedSets.has(JSON.stringify([...schema.enum].sort())) && !/^\/components\/schemas\/[A-Za-z]+$/.test(path)) inline.push(path);
      for (const [key, child] of Object.entries(schema)) walk(child, `${path}/${key}`);
    };
    walk(doc, '');
    expect(inline).toEqual([]);
    expect(doc.components.schemas.OrderDto.properties.status).toEqual({ $ref: '#/components/schemas/OrderStatus' });
  });
});

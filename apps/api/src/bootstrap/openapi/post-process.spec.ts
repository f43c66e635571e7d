import { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION, postProcessOpenApi } from './post-process';

const problem = (codes: string[]) => ({
  description: `x: ${codes.join(', ')}`,
  content: {
    'application/problem+json': {
      schema: { $ref: '#/components/schemas/ProblemDto' },
      examples: Object.fromEntries(codes.map((code) => [code, { value: { code } }])),
    },
  },
});

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/auth/login': {
        post: {
          operationId: 'logIn',
          [PUBLIC_EXTENSION]: true,
          parameters: [
            { name: 'idempotency-key', in: 'header' },
            { name: 'Idempotency-Key', in: 'header', required: true },
          ],
          responses: { '200': { description: 'ok' }, '429': problem(['TOO_MANY_LOGIN_ATTEMPTS']) },
        } as never,
      },
      '/api/v1/orders': { post: { operationId: 'placeOrder', responses: { '201': { description: 'placed' } } } },
      '/api/health': { get: { operationId: 'getHealth', [PUBLIC_EXTENSION]: true, responses: { '200': { description: 'ok' } } } as never },
    },
    components: { schemas: { ProblemDto: { type: 'object' } } },
  };
}

describe('postProcessOpenApi', () => {
  const doc = postProcessOpenApi(document());
  const login = doc.paths['/api/v1/auth/login']!.post!;
  const place = doc.paths['/api/v1/orders']!.post!;
  const health = doc.paths['/api/health']!.get!;

  it('declares security [] on @Public() routes, the bearer scheme elsewhere, and drops the marker', () => {
    expect(login.security).toEqual([]);
    expect(place.security).toEqual([{ bearer: [] }]);
    expect(PUBLIC_EXTENSION in login).toBe(false);
  });

  it("merges RATE_LIMITED into a route's own 429, with the rate-limit headers", () => {
    const response = login.responses['429'] as { description: string; headers: Record<string, unknown>; content: Record<string, { schema: unknown }> };
    expect(response.description).toBe('x: TOO_MANY_LOGIN_ATTEMPTS, RATE_LIMITED');
    expect(Object.keys(response.headers).sort()).toEqual(['RateLimit-Limit', 'RateLimit-Policy', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'X-Request-Id']);
    expect(response.content['application/problem+json']!.schema).toEqual({
      allOf: [
        { $ref: '#/components/schemas/ProblemDto' },
        { type: 'object', properties: { code: { type: 'string', enum: ['TOO_MANY_LOGIN_ATTEMPTS', 'RATE_LIMITED'] }, status: { type: 'integer', enum: [429] } } },
      ],
    });
  });

  it('adds MARKET_BUSY and OUTCOME_UNKNOWN beside OVERLOADED on order writes only', () => {
    expect(Object.keys((place.responses['503'] as { content: Record<string, { examples: object }> }).content['application/problem+json']!.examples)).toEqual([
      'OVERLOADED',
      'MARKET_BUSY',
      'OUTCOME_UNKNOWN',
    ]);
    expect(Object.keys((login.responses['503'] as { content: Record<string, { examples: object }> }).content['application/problem+json']!.examples)).toEqual(['OVERLOADED']);
  });

  it('leaves health routes unlimited and unshed, with X-Request-Id still declared', () => {
    expect(Object.keys(health.responses)).toEqual(['200']);
    expect((health.responses['200'] as { headers: object }).headers).toEqual({ 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } });
  });

  it('merges header parameters spelled two ways, and marks replays on the successes of idempotent routes', () => {
    expect(login.parameters).toEqual([{ name: 'Idempotency-Key', in: 'header', required: true }]);
    expect(Object.keys((login.responses['200'] as { headers: object }).headers)).toEqual(['X-Request-Id', 'Idempotent-Replayed']);
    expect(Object.keys((place.responses['201'] as { headers: object }).headers)).toEqual(['X-Request-Id']);
  });
});

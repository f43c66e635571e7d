import { canonicalJson, isValidIdempotencyKey, requestHash } from './idempotent-request';

describe('requestHash', () => {
  const PATH = '/api/v1/wallet/withdrawals';

  it('is the same whatever the order of the body keys, at every depth', () => {
    const a = { asset: 'USDT', amount: '10.5', destination: { network: 'TRON', address: 'T9x' }, tags: ['a', 'b'] };
    const b = JSON.parse('{"tags":["a","b"],"destination":{"address":"T9x","network":"TRON"},"amount":"10.5","asset":"USDT"}');

    expect(requestHash('POST', PATH, b)).toBe(requestHash('POST', PATH, a));
  });

  it('is a sha256 in hex', () => {
    expect(requestHash('POST', PATH, {})).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a different value', { amount: '10.50' }],
    ['an extra field', { amount: '10.5', memo: 'x' }],
    ['a different type', { amount: 10.5 }],
    ['no body', undefined],
  ])('differs for %s', (_case, body) => {
    expect(requestHash('POST', PATH, body)).not.toBe(requestHash('POST', PATH, { amount: '10.5' }));
  });

  it('keeps the order of arrays: it means something', () => {
    expect(requestHash('POST', PATH, { legs: [1, 2] })).not.toBe(requestHash('POST', PATH, { legs: [2, 1] }));
  });

  it('differs for another path or method', () => {
    const body = { amount: '1' };

    expect(requestHash('POST', '/api/v1/orders/a/cancel', body)).not.toBe(requestHash('POST', '/api/v1/orders/b/cancel', body));
    expect(requestHash('PUT', PATH, body)).not.toBe(requestHash('POST', PATH, body));
    expect(requestHash('post', PATH, body)).toBe(requestHash('POST', PATH, body));
  });

  it('cannot be confused by a separator inside the path or the body', () => {
    expect(requestHash('POST', '/a', 'b\n/c')).not.toBe(requestHash('POST', '/a\nb', '/c'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('is valid JSON that parses back to the same value', () => {
    const value = { z: 'é"\\\n', y: [1.5, -0, 1e21, { q: null }], x: {} };

    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('drops undefined members like JSON.stringify, and writes an absent body as null', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});

describe('isValidIdempotencyKey', () => {
  it.each(['a', 'order-2024-01-01T10:00:00.000Z_1', '5b0c8f0e-6c55-4d7e-9d6c-3f1f8d1c2a10', 'x'.repeat(255)])('accepts %s', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it.each(['', 'x'.repeat(256), 'has space', 'slash/no', 'émoji', 'line\nbreak', 'comma,no'])('rejects %j', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(false);
  });
});

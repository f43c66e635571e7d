import { toJsonPayload } from './json-payload';

describe('toJsonPayload', () => {
  it('copies plain JSON deeply', () => {
    const input = { amount: '12.50', count: 3, ok: true, none: null, nested: { list: ['a', { b: -7 }] } };
    const copy = toJsonPayload(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(copy.nested).not.toBe(input.nested);
    input.nested.list.push('later');
    expect(copy).toEqual({ amount: '12.50', count: 3, ok: true, none: null, nested: { list: ['a', { b: -7 }] } });
  });

  it('accepts objects without a prototype and drops undefined properties, as JSON does', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: '1', gone: undefined });
    expect(toJsonPayload(bare)).toEqual({ a: '1' });
  });

  it.each([
    ['a fractional number', { price: 0.1 }, /payload\.price is 0\.1.*decimal strings/],
    ['an unsafe integer', { big: 2 ** 53 }, /payload\.big/],
    ['NaN', { x: Number.NaN }, /payload\.x is NaN/],
    ['Infinity', { x: Number.POSITIVE_INFINITY }, /payload\.x is Infinity/],
    ['a bigint', { amount: 10n }, /payload\.amount is a bigint: encode it as a decimal string/],
    ['a Date', { at: new Date(0) }, /payload\.at is a Date/],
    ['a Map', { m: new Map() }, /payload\.m is a Map/],
    ['a function', { f: () => 1 }, /payload\.f is a function/],
    ['a symbol', { s: Symbol('s') }, /payload\.s is a symbol/],
    ['undefined in an array', { list: [1, undefined] }, /payload\.list\[1\] is undefined/],
    ['a NUL character', { s: 'a\u0000b' }, /payload\.s contains a NUL/],
    ['a NUL character in a key', { ['k\u0000']: 1 }, /key with a NUL/],
  ])('refuses %s, naming the path', (_what, payload, message) => {
    expect(() => toJsonPayload(payload)).toThrow(message);
  });

  it('refuses a cycle but accepts the same object twice side by side', () => {
    const shared = { a: '1' };
    expect(toJsonPayload({ x: shared, y: shared })).toEqual({ x: { a: '1' }, y: { a: '1' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJsonPayload(cyclic)).toThrow(/payload\.self refers back to itself/);
  });

  it.each([[null], [[1, 2]], ['text'], [42], [new Date(0)]])('refuses a root that is not a plain object: %p', (root) => {
    expect(() => toJsonPayload(root)).toThrow(/event payload must be a plain object/);
  });
});

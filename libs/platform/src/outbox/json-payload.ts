/**
 * Checks that an event payload is plain JSON and returns a deep copy (what the
 * outbox stores is what every subscriber receives). Refused, with the path:
 * bigint and fractional or unsafe numbers (money is a decimal string), Dates
 * (an ISO string), class instances, functions, symbols, cycles, and the NUL
 * character (jsonb cannot store it). `undefined` properties are dropped, as
 * JSON.stringify does; `undefined` inside an array is refused.
 */
export function toJsonPayload(payload: unknown): Record<string, unknown> {
  if (!isPlainObject(payload)) throw new TypeError(`event payload must be a plain object (got ${describe(payload)})`);
  return copyObject(payload, 'payload', new Set());
}

function copy(value: unknown, path: string, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new TypeError(`${path} contains a NUL character, which jsonb cannot store`);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(`${path} is ${value}: only safe integers may be numbers; encode amounts as decimal strings`);
      }
      return value;
    case 'bigint':
      throw new TypeError(`${path} is a bigint: encode it as a decimal string`);
    case 'object':
      if (value === null) return null;
      if (ancestors.has(value)) throw new TypeError(`${path} refers back to itself (a cycle)`);
      if (Array.isArray(value)) return copyArray(value, path, ancestors);
      if (isPlainObject(value)) return copyObject(value, path, ancestors);
      throw new TypeError(`${path} is ${describe(value)}: only plain objects, arrays, strings, booleans, integers and null`);
    default:
      throw new TypeError(`${path} is ${describe(value)}, which is not JSON`);
  }
}

function copyArray(value: readonly unknown[], path: string, ancestors: Set<object>): unknown[] {
  ancestors.add(value);
  const result = value.map((item, index) => {
    if (item === undefined) throw new TypeError(`${path}[${index}] is undefined`);
    return copy(item, `${path}[${index}]`, ancestors);
  });
  ancestors.delete(value);
  return result;
}

function copyObject(value: object, path: string, ancestors: Set<object>): Record<string, unknown> {
  ancestors.add(value);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) throw new TypeError(`${path} has a key with a NUL character, which jsonb cannot store`);
    if (item === undefined) continue;
    result[key] = copy(item, `${path}.${key}`, ancestors);
  }
  ancestors.delete(value);
  return result;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}

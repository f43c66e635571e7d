import { BadRequestException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { JSON_MAX_DEPTH, JsonTooDeepError, jsonDepthExceeds } from './json-body';
import { toProblem } from './problem-details.mapper';
import { nulFields } from './validation.pipe';

const json = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, up to the limit included', () => {
    expect(jsonDepthExceeds(json(nested(JSON_MAX_DEPTH)), JSON_MAX_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(json(nested(JSON_MAX_DEPTH + 1)), JSON_MAX_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(json('['.repeat(33) + ']'.repeat(33)), 32)).toBe(true);
    expect(jsonDepthExceeds(json('[[1],[2],{"a":[3]}]'), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(json(JSON.stringify({ a: '[[[[[[{{{{', b: 'say \\"[[[[' })), 2)).toBe(false);
    expect(jsonDepthExceeds(json('{"a":"\\\\","b":[[[[1]]]]}'), 4)).toBe(true);
    expect(jsonDepthExceeds(json(JSON.stringify({ ünïcødé: '€[[[' })), 1)).toBe(false);
  });
});

describe('nulFields', () => {
  it('names every string value or key holding U+0000, at any depth', () => {
    expect(nulFields({ name: 'a\u0000b', settings: { theme: 'x', tags: ['ok', '\u0000'] } }, '')).toEqual([
      { field: 'name', message: 'name must not contain NUL characters' },
      { field: 'settings.tags.1', message: 'settings.tags.1 must not contain NUL characters' },
    ]);
    expect(nulFields({ 'a\u0000': 1 }, '')).toEqual([{ field: 'a\\u0000', message: 'field names must not contain NUL characters' }]);
    expect(nulFields('x\u0000', 'id')).toEqual([{ field: 'id', message: 'id must not contain NUL characters' }]);
    expect(nulFields({ name: 'fine', n: 1, b: null }, '')).toEqual([]);
  });
});

describe('toProblem for input the framework or the database refused', () => {
  it('answers a body nested too deep with 400 JSON_TOO_DEEP, also when Nest wrapped it', () => {
    const direct = toProblem(new JsonTooDeepError(32), '/api/v1/orders', 'r');
    const wrapped = toProblem(new BadRequestException('x', { cause: new JsonTooDeepError(32) }), '/api/v1/orders', 'r');
    for (const { problem, unexpected } of [direct, wrapped]) {
      expect(problem).toMatchObject({ status: 400, code: 'JSON_TOO_DEEP', detail: 'The JSON body is nested deeper than 32 levels' });
      expect(unexpected).toBe(false);
    }
  });

  it('answers the router errors as 400 INVALID_URL and 414 URI_TOO_LONG', () => {
    const badUrl = Object.assign(new Error("'/x/%E0' is not a valid url component"), { code: 'FST_ERR_BAD_URL', statusCode: 400 });
    const long = Object.assign(new Error("'/x/aaaa' is exceeding the max param length"), { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 });
    expect(toProblem(badUrl, '/x', 'r').problem).toMatchObject({ status: 400, code: 'INVALID_URL' });
    expect(toProblem(long, '/x', 'r').problem).toMatchObject({ status: 414, code: 'URI_TOO_LONG', detail: 'A segment of the URL path is too long' });
  });

  it.each(['22021', '22P02', '22008', '22003'])('answers PostgreSQL data exception %s as 400 INVALID_INPUT, logged, without SQL', (code) => {
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code, severity: 'ERROR' });
    for (const error of [new QueryFailedError('SELECT secret FROM users WHERE id = $1', ['x'], driverError), driverError]) {
      const { problem, unexpected } = toProblem(error, '/api/v1/admin/users', 'r');
      expect(problem).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
      expect(JSON.stringify(problem)).not.toMatch(/SELECT|UTF8/);
      expect(unexpected).toBe(true);
    }
  });

  it('keeps any other database error a 500', () => {
    const driverError = Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' });
    expect(toProblem(new QueryFailedError('UPDATE x', [], driverError), '/p', 'r').problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});

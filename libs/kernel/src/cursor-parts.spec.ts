import { parseCursorId, parseCursorTime } from './cursor-parts';

describe('cursor parts', () => {
  it('takes ids from 1 to the int8 maximum', () => {
    expect(parseCursorId('1')).toBe(1n);
    expect(parseCursorId('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
  });

  it.each(['0', '-1', '01', '9223372036854775808', '9999999999999999999', '1e3', ' 1', '', '1.0'])('refuses the id %p', (text) => {
    expect(parseCursorId(text)).toBeUndefined();
  });

  it('takes times as toISOString writes them', () => {
    expect(parseCursorTime('2026-12-06T17:00:00.123Z')?.getTime()).toBe(Date.UTC(2026, 11, 6, 17, 0, 0, 123));
    expect(parseCursorTime('0001-01-01T00:00:00.000Z')?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseCursorTime('9999-12-31T23:59:59.999Z')).toBeDefined();
  });

  it.each([
    '-271821-04-20T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '2026-02-30T00:00:00.000Z',
    '2026-12-06',
    '2026-12-06T17:00:00Z',
    '2026-12-06T17:00:00.000+01:00',
    '20000-01-01',
    'not a date',
  ])('refuses the time %p', (text) => {
    expect(parseCursorTime(text)).toBeUndefined();
  });
});

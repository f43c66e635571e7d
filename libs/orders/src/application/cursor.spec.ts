import { OrdersError } from '../domain';
import { decodeOrderCursor, decodeTradeCursor, encodeOrderCursor, encodeTradeCursor } from './cursor';

const ID = '0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1';
const forged = (text: string) => Buffer.from(text).toString('base64url');

describe('order and trade cursors', () => {
  it('decode what they encode', () => {
    const at = new Date('2026-12-06T17:00:00.123Z');
    expect(decodeOrderCursor(encodeOrderCursor(at, ID))).toEqual({ createdAt: at, id: ID });
    expect(decodeTradeCursor(encodeTradeCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it.each([
    ['a year before 1', forged(`-271821-04-20T00:00:00.000Z|${ID}`)],
    ['a six-digit year', forged(`+275760-09-13T00:00:00.000Z|${ID}`)],
    ['a date only', forged(`20000-01-01|${ID}`)],
    ['no id', forged('2026-12-06T17:00:00.000Z|')],
  ])('refuse an order cursor with %s as INVALID_CURSOR', (_why, cursor) => {
    expect(() => decodeOrderCursor(cursor)).toThrow(OrdersError);
    expect(() => decodeOrderCursor(cursor)).toThrow('The cursor is not one this API returned');
  });

  it.each(['t9223372036854775808', 't9999999999999999999', 't0', '5'])('refuse the trade cursor %p (above int8 or not ours)', (text) => {
    expect(() => decodeTradeCursor(forged(text))).toThrow(OrdersError);
  });
});

import { isUuid, parseCursorId, parseCursorTime } from '@lib/kernel';
import { OrdersError, OrdersErrorCode } from '../domain';

/** Opaque keyset cursors: base64url of the last row's sort key. */
export function encodeOrderCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = parseCursorTime(at ?? '');
  if (!id || !isUuid(id) || createdAt === undefined) throw invalid();
  return { createdAt, id };
}

export function encodeTradeCursor(id: string): string {
  return Buffer.from(`t${id}`).toString('base64url');
}

export function decodeTradeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('t') || parseCursorId(text.slice(1)) === undefined) throw invalid();
  return text.slice(1);
}

function invalid(): OrdersError {
  return new OrdersError(OrdersErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
}

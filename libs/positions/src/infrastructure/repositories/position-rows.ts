import { parseCursorId } from '@lib/kernel';
import { ClosedPosition, MarginMode, PositionRecord, PositionsError, PositionsErrorCode } from '../../domain';

/** The columns every position query selects: amounts as text, so they reach bigint exactly. */
export const POSITION_COLUMNS = `user_id, symbol, asset, leverage, margin_mode, isolated_margin::text, size::text, entry_value::text,
  realized_pnl::text, fees::text, opened_quantity::text, opened_value::text, closed_quantity::text, closed_value::text,
  opened_at, updated_at, version`;
export const CLOSED_COLUMNS = `id::text, user_id, symbol, side, opened_quantity::text, opened_value::text, closed_quantity::text,
  closed_value::text, realized_pnl::text, fees::text, opened_at, closed_at`;

export interface PositionRow {
  user_id: string;
  symbol: string;
  asset: string;
  leverage: number;
  margin_mode: string;
  isolated_margin: string;
  size: string;
  entry_value: string;
  realized_pnl: string;
  fees: string;
  opened_quantity: string;
  opened_value: string;
  closed_quantity: string;
  closed_value: string;
  opened_at: Date | null;
  updated_at: Date;
  version: number;
}

export interface ClosedRow {
  id: string;
  user_id: string;
  symbol: string;
  side: string;
  opened_quantity: string;
  opened_value: string;
  closed_quantity: string;
  closed_value: string;
  realized_pnl: string;
  fees: string;
  opened_at: Date;
  closed_at: Date;
}

export function toRecord(r: PositionRow): PositionRecord {
  return {
    userId: r.user_id,
    symbol: r.symbol,
    asset: r.asset,
    leverage: r.leverage,
    marginMode: r.margin_mode as MarginMode,
    isolatedMargin: BigInt(r.isolated_margin),
    position: { size: BigInt(r.size), entryValue: BigInt(r.entry_value), realizedPnl: BigInt(r.realized_pnl) },
    fees: BigInt(r.fees),
    openedQuantity: BigInt(r.opened_quantity),
    openedValue: BigInt(r.opened_value),
    closedQuantity: BigInt(r.closed_quantity),
    closedValue: BigInt(r.closed_value),
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function toClosed(r: ClosedRow): ClosedPosition & { readonly id: string } {
  return {
    id: r.id,
    userId: r.user_id,
    symbol: r.symbol,
    side: r.side as ClosedPosition['side'],
    openedQuantity: BigInt(r.opened_quantity),
    openedValue: BigInt(r.opened_value),
    closedQuantity: BigInt(r.closed_quantity),
    closedValue: BigInt(r.closed_value),
    realizedPnl: BigInt(r.realized_pnl),
    fees: BigInt(r.fees),
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

/** The unnest() parameters of position rows, in POSITION_PARAMS order: amounts as decimal strings. */
export function positionParams(rows: readonly PositionRecord[]): unknown[] {
  const amounts = (pick: (r: PositionRecord) => bigint) => rows.map((r) => pick(r).toString());
  return [
    rows.map((r) => r.userId),
    rows.map((r) => r.symbol),
    rows.map((r) => r.asset),
    rows.map((r) => r.leverage),
    rows.map((r) => r.marginMode),
    amounts((r) => r.isolatedMargin),
    amounts((r) => r.position.size),
    amounts((r) => r.position.entryValue),
    amounts((r) => r.position.realizedPnl),
    amounts((r) => r.fees),
    amounts((r) => r.openedQuantity),
    amounts((r) => r.openedValue),
    amounts((r) => r.closedQuantity),
    amounts((r) => r.closedValue),
    rows.map((r) => r.openedAt),
    rows.map((r) => r.updatedAt),
    rows.map((r) => r.version),
  ];
}

/** The unnest() parameters of closed positions (11 arrays), after the 17 of positionParams. */
export function closedParams(closed: readonly ClosedPosition[]): unknown[] {
  const amounts = (pick: (c: ClosedPosition) => bigint) => closed.map((c) => pick(c).toString());
  return [
    closed.map((c) => c.userId),
    closed.map((c) => c.symbol),
    closed.map((c) => c.side),
    amounts((c) => c.openedQuantity),
    amounts((c) => c.openedValue),
    amounts((c) => c.closedQuantity),
    amounts((c) => c.closedValue),
    amounts((c) => c.realizedPnl),
    amounts((c) => c.fees),
    closed.map((c) => c.openedAt),
    closed.map((c) => c.closedAt),
  ];
}

/** Opaque history cursors: base64url of the last closed position's id. */
export function encodeHistoryCursor(id: string): string {
  return Buffer.from(`p${id}`).toString('base64url');
}

export function decodeHistoryCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('p') || parseCursorId(text.slice(1)) === undefined) {
    throw new PositionsError(PositionsErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
  }
  return text.slice(1);
}

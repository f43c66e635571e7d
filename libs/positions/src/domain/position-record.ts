import { InstrumentScales, notionalOf } from '@lib/kernel';
import { FLAT, FillOutcome, PositionState, applyFill } from './position';

export type MarginMode = 'CROSS' | 'ISOLATED';
export const DEFAULT_LEVERAGE = 10;

/**
 * A user's row for one perpetual market: the settings (leverage, margin mode)
 * and the position itself, with what the current position's life has done so
 * far (fees, the sums of its opening and closing fills, for the history). A
 * flat row keeps the settings. `version` is the stored row's (0: not stored).
 */
export interface PositionRecord {
  readonly userId: string;
  readonly symbol: string;
  /** The settlement asset (the market's quote). */
  readonly asset: string;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  /** Margin assigned to an isolated position (0 for cross, or flat). */
  readonly isolatedMargin: bigint;
  /** size, entryValue, and the PnL realized since the position opened. */
  readonly position: PositionState;
  /** Fees paid since the position opened. */
  readonly fees: bigint;
  /** Sums of the fills that opened and that closed this life of the position (quantity units, quote units). */
  readonly openedQuantity: bigint;
  readonly openedValue: bigint;
  readonly closedQuantity: bigint;
  readonly closedValue: bigint;
  readonly openedAt: Date | null;
  readonly updatedAt: Date;
  readonly version: number;
}

/** A position that went back to flat (or flipped): a line of GET /positions/history. */
export interface ClosedPosition {
  readonly userId: string;
  readonly symbol: string;
  readonly side: 'LONG' | 'SHORT';
  readonly openedQuantity: bigint;
  readonly openedValue: bigint;
  readonly closedQuantity: bigint;
  readonly closedValue: bigint;
  readonly realizedPnl: bigint;
  readonly fees: bigint;
  readonly openedAt: Date;
  readonly closedAt: Date;
}

export function flatRecord(userId: string, symbol: string, asset: string, at: Date): PositionRecord {
  return {
    userId,
    symbol,
    asset,
    leverage: DEFAULT_LEVERAGE,
    marginMode: 'CROSS',
    isolatedMargin: 0n,
    position: FLAT,
    fees: 0n,
    openedQuantity: 0n,
    openedValue: 0n,
    closedQuantity: 0n,
    closedValue: 0n,
    openedAt: null,
    updatedAt: at,
    version: 0,
  };
}

/** What one fill did to a record: the new record, the fill's outcome on the position, and the life it closed (if it did). */
export interface RecordFill {
  readonly record: PositionRecord;
  readonly outcome: FillOutcome;
  readonly closed: ClosedPosition | null;
}

/**
 * Applies a fill (and its fee) to a record. A fill that takes the position to
 * flat, or through it, closes its life: the history line is returned and the
 * new life (the flip's rest, if any) starts at this fill.
 */
export function fillRecord(spec: InstrumentScales, record: PositionRecord, side: 'BUY' | 'SELL', price: bigint, quantity: bigint, fee: bigint, at: Date): RecordFill {
  const before = record.position;
  const outcome = applyFill(spec, before, side, price, quantity);
  const exitValue = outcome.closed === 0n ? 0n : notionalOf(spec, price, outcome.closed);
  const openValue = outcome.opened === 0n ? 0n : notionalOf(spec, price, outcome.opened);
  const endsLife = before.size !== 0n && (outcome.position.size === 0n || (outcome.position.size > 0n) !== (before.size > 0n));
  if (!endsLife) {
    return {
      outcome,
      closed: null,
      record: {
        ...record,
        position: outcome.position,
        fees: record.fees + fee,
        openedQuantity: record.openedQuantity + outcome.opened,
        openedValue: record.openedValue + openValue,
        closedQuantity: record.closedQuantity + outcome.closed,
        closedValue: record.closedValue + exitValue,
        openedAt: record.openedAt ?? at,
        updatedAt: at,
      },
    };
  }
  // The fee is the closing fill's: all of it to the life it ends (a flip's new life starts without one).
  const closed: ClosedPosition = {
    userId: record.userId,
    symbol: record.symbol,
    side: before.size > 0n ? 'LONG' : 'SHORT',
    openedQuantity: record.openedQuantity,
    openedValue: record.openedValue,
    closedQuantity: record.closedQuantity + outcome.closed,
    closedValue: record.closedValue + exitValue,
    realizedPnl: before.realizedPnl + outcome.realized,
    fees: record.fees + fee,
    openedAt: record.openedAt ?? at,
    closedAt: at,
  };
  const flipped = outcome.position.size !== 0n;
  return {
    outcome,
    closed,
    record: {
      ...record,
      position: { ...outcome.position, realizedPnl: 0n },
      fees: 0n,
      openedQuantity: flipped ? outcome.opened : 0n,
      openedValue: openValue,
      closedQuantity: 0n,
      closedValue: 0n,
      openedAt: flipped ? at : null,
      updatedAt: at,
    },
  };
}

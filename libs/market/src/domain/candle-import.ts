import { AmountError, parsePositiveUnits, parseUnits } from '@lib/kernel';
import { Candle, CandleInterval, INTERVAL_MS } from './candles';
import { Instrument } from './instrument';
import { MarketError, MarketErrorCode } from './market.error';

/** The most candle rows one file may hold (with the 10 MiB body limit of the route). */
export const MAX_IMPORT_ROWS = 100_000;
/** The bad rows a refusal lists (the first ones, by line). */
export const MAX_IMPORT_PROBLEMS = 20;
/** Volumes are free decimals (the source's unit), kept as given up to this many decimals. */
const VOLUME_SCALE = 18;
const COLUMNS = ['openTime', 'open', 'high', 'low', 'close'] as const;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;
const EPOCH_MS = /^\d{1,16}$/;
/** ISO 8601 with a time zone (Z or ±hh:mm), or a bare date (midnight UTC). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** A candle of an admin's file, prices in the market's units. */
export interface ImportedCandle extends Candle {
  /** As given (a non-negative decimal), or null when the file has no volume. */
  readonly volume: string | null;
}

export type CandleImportReason =
  | 'BAD_HEADER'
  | 'NO_ROWS'
  | 'TOO_MANY_ROWS'
  | 'FIELD_COUNT'
  | 'NOT_A_TIME'
  | 'MISALIGNED'
  | 'IN_THE_FUTURE'
  | 'DUPLICATE'
  | 'OFF_TICK'
  | 'OHLC_INCONSISTENT'
  | AmountError['reason'];

/** Why one line of the file was refused (line 1 is the header). */
export interface CandleImportProblem {
  readonly line: number;
  readonly field?: string;
  readonly reason: CandleImportReason;
  readonly message: string;
}

/**
 * Reads an admin's CSV of candles (`openTime,open,high,low,close[,volume]`)
 * for a market and interval. Every row is checked: the open time (epoch ms or
 * ISO 8601 with a zone) aligned to the interval and already begun, prices
 * positive decimals at the market's price scale on its tick grid, low <=
 * min(open, close) and high >= max(open, close), no open time twice. One bad
 * row refuses the whole file: INVALID_CANDLE_IMPORT lists the first
 * MAX_IMPORT_PROBLEMS bad rows by line number, and nothing is written.
 */
export function parseCandleCsv(text: string, interval: CandleInterval, market: Pick<Instrument, 'symbol' | 'priceScale' | 'tickSize'>, nowMs: number): ImportedCandle[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map(unquote);
  const withVolume = header.length === 6 && header[5] === 'volume';
  if (!COLUMNS.every((name, i) => header[i] === name) || (header.length !== 5 && !withVolume)) {
    refuse([{ line: 1, reason: 'BAD_HEADER', message: `the header must be ${COLUMNS.join(',')}[,volume]` }], 0);
  }
  const rows = lines.length - 1;
  if (rows === 0) refuse([{ line: 2, reason: 'NO_ROWS', message: 'the file has no candle rows' }], 0);
  if (rows > MAX_IMPORT_ROWS) refuse([{ line: MAX_IMPORT_ROWS + 2, reason: 'TOO_MANY_ROWS', message: `at most ${MAX_IMPORT_ROWS} rows per file` }], rows);

  const size = INTERVAL_MS[interval];
  const seen = new Map<number, number>();
  const candles: ImportedCandle[] = [];
  const problems: CandleImportProblem[] = [];
  let invalid = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    let invalidRow = false;
    const fail = (field: string | undefined, reason: CandleImportReason, message: string): void => {
      invalidRow = true;
      if (problems.length < MAX_IMPORT_PROBLEMS) problems.push({ line, ...(field ? { field } : {}), reason, message });
    };
    const fields = lines[i]!.split(',').map(unquote);
    if (fields.length !== header.length) {
      fail(undefined, 'FIELD_COUNT', `expected ${header.length} fields, found ${fields.length}`);
      invalid++;
      continue;
    }
    const openTime = parseTime(fields[0]!);
    if (openTime === undefined) fail('openTime', 'NOT_A_TIME', 'must be epoch milliseconds or ISO 8601 with a time zone (2026-01-31T10:00:00Z)');
    else if (openTime % size !== 0) fail('openTime', 'MISALIGNED', `must be the start of a ${interval} interval (UTC)`);
    else if (openTime > nowMs) fail('openTime', 'IN_THE_FUTURE', 'must not be in the future');
    else if (seen.has(openTime)) fail('openTime', 'DUPLICATE', `the same open time as line ${seen.get(openTime)}`);
    else seen.set(openTime, line);
    const prices = PRICE_COLUMNS.map((name, k) => {
      try {
        const units = parsePositiveUnits(fields[k + 1], market.priceScale);
        if (units % market.tickSize === 0n) return units;
        fail(name, 'OFF_TICK', `must be a multiple of ${market.symbol}'s tick size`);
      } catch (error) {
        if (!(error instanceof AmountError)) throw error;
        fail(name, error.reason, `${error.message.replace(/^amount/, name)} (price scale ${market.priceScale})`);
      }
      return undefined;
    });
    let volume: string | null = null;
    if (withVolume && fields[5] !== '') {
      try {
        parseUnits(fields[5], VOLUME_SCALE);
        volume = fields[5]!;
      } catch (error) {
        if (!(error instanceof AmountError)) throw error;
        fail('volume', error.reason, error.message.replace(/^amount/, 'volume'));
      }
    }
    const [open, high, low, close] = prices;
    if (open !== undefined && high !== undefined && low !== undefined && close !== undefined && !(low <= open && low <= close && high >= open && high >= close)) {
      fail(undefined, 'OHLC_INCONSISTENT', 'needs low <= min(open, close) and high >= max(open, close)');
    }
    if (invalidRow) {
      invalid++;
      continue;
    }
    candles.push({ openTime: openTime!, open: open!, high: high!, low: low!, close: close!, volume });
  }
  if (invalid > 0) refuse(problems, rows, invalid);
  return candles.sort((a, b) => a.openTime - b.openTime);
}

function refuse(problems: CandleImportProblem[], rows: number, invalidRows = 1): never {
  throw new MarketError(MarketErrorCode.INVALID_CANDLE_IMPORT, `${invalidRows} of ${rows} rows cannot be imported; nothing was written`, {
    rows,
    invalidRows,
    problems,
  });
}

function parseTime(field: string): number | undefined {
  if (EPOCH_MS.test(field)) {
    const ms = Number(field);
    return ms <= 8.64e15 ? ms : undefined;
  }
  if (!ISO_TIME.test(field)) return undefined;
  const ms = Date.parse(field);
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}

/** A field as written, without blanks around it or the double quotes a spreadsheet puts around values. */
function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

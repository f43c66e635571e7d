import { CandleInterval } from './candles';
import { MAX_IMPORT_PROBLEMS, MAX_IMPORT_ROWS, parseCandleCsv } from './candle-import';
import { importedAt } from './history-merge';
import { MarketError } from './market.error';

const btc = { symbol: 'BTC-USDT', priceScale: 1, tickSize: 5n }; // tick 0.5
const NOW = Date.parse('2026-11-21T10:00:30Z');
const parse = (csv: string, interval = CandleInterval.M1) => parseCandleCsv(csv, interval, btc, NOW);
const refusal = (csv: string, interval = CandleInterval.M1): Record<string, unknown> => {
  try {
    parse(csv, interval);
  } catch (error) {
    expect(error).toBeInstanceOf(MarketError);
    expect((error as MarketError).code).toBe('INVALID_CANDLE_IMPORT');
    return { message: (error as MarketError).message, ...(error as MarketError).details };
  }
  throw new Error('accepted');
};

describe('parseCandleCsv', () => {
  it('reads ISO 8601 and epoch-ms open times, CRLF, quotes, a BOM and an optional volume; answers ascending units', () => {
    const csv = '\uFEFFopenTime,open,high,low,close,volume\r\n"2026-11-21T10:00:00Z",95000.5,95010,94990,95005,1.25\r\n1763718000000,95000,95000,95000,95000,\r\n2026-11-21T08:59:00+00:00,1,2,0.5,1.5,0\r\n';
    expect(parse(csv)).toEqual([
      { openTime: 1_763_718_000_000, open: 950_000n, high: 950_000n, low: 950_000n, close: 950_000n, volume: null }, // 2025-11-21T09:40:00Z
      { openTime: Date.parse('2026-11-21T08:59:00Z'), open: 10n, high: 20n, low: 5n, close: 15n, volume: '0' },
      { openTime: Date.parse('2026-11-21T10:00:00Z'), open: 950_005n, high: 950_100n, low: 949_900n, close: 950_050n, volume: '1.25' },
    ]);
    expect(parse('openTime,open,high,low,close\n2026-11-20,1,1,1,1', CandleInterval.D1)).toEqual([{ openTime: Date.parse('2026-11-20T00:00:00Z'), open: 10n, high: 10n, low: 10n, close: 10n, volume: null }]);
  });

  it('refuses the whole file, listing every bad row by line with the field and a stable reason', () => {
    const csv = [
      'openTime,open,high,low,close',
      '2026-11-21T09:00:00Z,100,101,99,100', // 2: fine
      '2026-11-21T09:00:30Z,100,101,99,100', // 3: misaligned
      '2026-11-21T09:01:00Z,100.25,101,99,100', // 4: 2 decimals at scale 1
      '2026-11-21T09:02:00Z,100.5,101,99,100.3', // 5: off the 0.5 tick
      '2026-11-21T09:03:00Z,100,99,98,100', // 6: high below open
      '2026-11-21T09:00:00Z,100,101,99,100', // 7: duplicate of line 2
      'yesterday,100,101,99,100', // 8: not a time
      '2026-11-21T09:04:00,100,101,99,100', // 9: no time zone
      '2026-11-21T11:00:00Z,100,101,99,100', // 10: in the future
      '2026-11-21T09:05:00Z,0,101,99,100', // 11: zero
      '2026-11-21T09:06:00Z,100,101,99', // 12: a field missing
      '2026-11-21T09:07:00Z,1e3,101,99,100', // 13: not a plain decimal
    ].join('\n');
    const refused = refusal(csv);
    expect(refused).toMatchObject({ rows: 12, invalidRows: 11, message: '11 of 12 rows cannot be imported; nothing was written' });
    expect((refused.problems as { line: number; field?: string; reason: string }[]).map(({ line, field, reason }) => [line, field, reason])).toEqual([
      [3, 'openTime', 'MISALIGNED'],
      [4, 'open', 'TOO_MANY_DECIMALS'],
      [5, 'close', 'OFF_TICK'],
      [6, undefined, 'OHLC_INCONSISTENT'],
      [7, 'openTime', 'DUPLICATE'],
      [8, 'openTime', 'NOT_A_TIME'],
      [9, 'openTime', 'NOT_A_TIME'],
      [10, 'openTime', 'IN_THE_FUTURE'],
      [11, 'open', 'NOT_POSITIVE'],
      [12, undefined, 'FIELD_COUNT'],
      [13, 'open', 'NOT_A_DECIMAL'],
    ]);
    expect((refused.problems as { message: string }[])[4]!.message).toBe('the same open time as line 2');
  });

  it('lists at most the first MAX_IMPORT_PROBLEMS bad rows, but counts them all', () => {
    const bad = Array.from({ length: 50 }, (_, i) => `${Date.parse('2026-11-21T00:00:00Z') + i * 60_000 + 1},1,1,1,1`);
    const refused = refusal(['openTime,open,high,low,close', ...bad].join('\n'));
    expect(refused).toMatchObject({ rows: 50, invalidRows: 50 });
    expect((refused.problems as { line: number }[]).map((p) => p.line)).toEqual(Array.from({ length: MAX_IMPORT_PROBLEMS }, (_, i) => i + 2));
  });

  it('refuses a bad header, an empty file and more than MAX_IMPORT_ROWS rows', () => {
    expect(refusal('time,open,high,low,close\n1,1,1,1,1')).toMatchObject({ problems: [{ line: 1, reason: 'BAD_HEADER' }] });
    expect(refusal('openTime,open,high,low,close,vol\n0,1,1,1,1,1')).toMatchObject({ problems: [{ line: 1, reason: 'BAD_HEADER' }] });
    expect(refusal('openTime,open,high,low,close\n\n')).toMatchObject({ problems: [{ line: 2, reason: 'NO_ROWS' }] });
    const many = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `${i * 60_000},1,1,1,1`);
    expect(refusal(['openTime,open,high,low,close', ...many].join('\n'))).toMatchObject({ rows: MAX_IMPORT_ROWS + 1, problems: [{ line: MAX_IMPORT_ROWS + 2, reason: 'TOO_MANY_ROWS' }] });
  });
});

describe('importedAt', () => {
  const c = (openTime: number, close: bigint) => ({ openTime, open: close, high: close, low: close, close });
  it('per bucket, the coarsest imported interval not coarser than the read, rolled up', () => {
    const H = 3_600_000;
    const imported = new Map([
      [CandleInterval.M1, [c(0, 1n), c(60_000, 2n), c(H, 3n), c(H + 60_000, 4n)]],
      [CandleInterval.M15, [c(H, 30n)]],
      [CandleInterval.D1, [c(0, 99n)]],
    ]);
    expect(importedAt(CandleInterval.H1, imported)).toEqual([
      { openTime: 0, open: 1n, high: 2n, low: 1n, close: 2n },
      { openTime: H, open: 30n, high: 30n, low: 30n, close: 30n },
    ]);
    expect(importedAt(CandleInterval.D1, imported)).toEqual([c(0, 99n)]);
  });
});

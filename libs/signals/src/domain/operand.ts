import { SignalsError, SignalsErrorCode } from './signals.error';

/** What a condition compares: the candle's close, an indicator of the closes, or a constant. */
export type Operand =
  | { readonly kind: 'CLOSE' }
  | { readonly kind: 'VALUE'; readonly value: string }
  | { readonly kind: 'SMA' | 'EMA' | 'RSI'; readonly period: number }
  | { readonly kind: 'MACD' | 'MACD_SIGNAL' | 'MACD_HIST'; readonly fast: number; readonly slow: number; readonly signal: number }
  | { readonly kind: 'BB_UPPER' | 'BB_MIDDLE' | 'BB_LOWER'; readonly period: number; readonly deviations: number };

export type IndicatorOperand = Exclude<Operand, { kind: 'CLOSE' } | { kind: 'VALUE' }>;

export const MAX_PERIOD = 500;
const DECIMAL = /^-?\d{1,18}(\.\d{1,8})?$/;

const invalid = (message: string): SignalsError => new SignalsError(SignalsErrorCode.INVALID_SIGNAL_RULE, message);

function period(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PERIOD) throw invalid(`${what} must be an integer from 1 to ${MAX_PERIOD}`);
  return n;
}

/**
 * Parses the wire form of an operand: `CLOSE`, a decimal (`30`, `64000.5`),
 * `SMA(20)`, `EMA(50)`, `RSI(14)`, `MACD(12,26,9)`, `MACD_SIGNAL(12,26,9)`,
 * `MACD_HIST(12,26,9)`, `BB_UPPER(20,2)`, `BB_MIDDLE(20,2)`, `BB_LOWER(20,2)`.
 */
export function parseOperand(raw: string): Operand {
  const text = raw.trim().toUpperCase().replace(/\s+/g, '');
  if (text === 'CLOSE') return { kind: 'CLOSE' };
  if (DECIMAL.test(text)) return { kind: 'VALUE', value: text };
  const call = /^([A-Z_]+)\(([\d,]*)\)$/.exec(text);
  if (!call) throw invalid(`"${raw}" is not an operand: CLOSE, a number, SMA(n), EMA(n), RSI(n), MACD(f,s,sig), MACD_SIGNAL(...), MACD_HIST(...), BB_UPPER(n,k), BB_MIDDLE(n,k), BB_LOWER(n,k)`);
  const [, name, argText] = call as unknown as [string, string, string];
  const args = argText === '' ? [] : argText.split(',');
  switch (name) {
    case 'SMA':
    case 'EMA':
    case 'RSI':
      if (args.length !== 1) throw invalid(`${name} takes one period: ${name}(14)`);
      return { kind: name, period: period(args[0]!, `${name}'s period`) };
    case 'MACD':
    case 'MACD_SIGNAL':
    case 'MACD_HIST': {
      if (args.length !== 3) throw invalid(`${name} takes fast, slow and signal periods: ${name}(12,26,9)`);
      const [fast, slow, signal] = args.map((a, i) => period(a, `${name}'s ${['fast', 'slow', 'signal'][i]} period`)) as [number, number, number];
      if (fast >= slow) throw invalid(`${name}: the fast period must be shorter than the slow one`);
      return { kind: name, fast, slow, signal };
    }
    case 'BB_UPPER':
    case 'BB_MIDDLE':
    case 'BB_LOWER': {
      if (args.length !== 2) throw invalid(`${name} takes a period and a number of standard deviations: ${name}(20,2)`);
      const deviations = Number(args[1]);
      if (!Number.isInteger(deviations) || deviations < 1 || deviations > 5) throw invalid(`${name}'s deviations must be an integer from 1 to 5`);
      return { kind: name, period: period(args[0]!, `${name}'s period`), deviations };
    }
    default:
      throw invalid(`Unknown indicator ${name}`);
  }
}

/** The canonical text of an operand: one indicator instance per distinct text in a rule. */
export function operandKey(o: Operand): string {
  switch (o.kind) {
    case 'CLOSE':
      return 'CLOSE';
    case 'VALUE':
      return o.value;
    case 'SMA':
    case 'EMA':
    case 'RSI':
      return `${o.kind}(${o.period})`;
    case 'MACD':
    case 'MACD_SIGNAL':
    case 'MACD_HIST':
      return `${o.kind}(${o.fast},${o.slow},${o.signal})`;
    default:
      return `${o.kind}(${o.period},${o.deviations})`;
  }
}

/** Closed candles an operand needs before it has a value (a warm-up reads this many and some). */
export function warmUpOf(o: Operand): number {
  switch (o.kind) {
    case 'CLOSE':
    case 'VALUE':
      return 1;
    case 'SMA':
    case 'BB_UPPER':
    case 'BB_MIDDLE':
    case 'BB_LOWER':
      return o.period;
    case 'EMA':
    case 'RSI':
      // Exponential smoothing converges: several periods make the value independent of where it started.
      return o.period * 4;
    default:
      return (o.slow + o.signal) * 4;
  }
}

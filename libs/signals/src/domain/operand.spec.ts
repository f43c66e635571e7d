import { operandKey, parseOperand, warmUpOf } from './operand';
import { SignalsErrorCode } from './signals.error';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('operands', () => {
  it.each([
    ['close', { kind: 'CLOSE' }, 'CLOSE'],
    [' 30 ', { kind: 'VALUE', value: '30' }, '30'],
    ['-1.5', { kind: 'VALUE', value: '-1.5' }, '-1.5'],
    ['sma(20)', { kind: 'SMA', period: 20 }, 'SMA(20)'],
    ['EMA( 50 )', { kind: 'EMA', period: 50 }, 'EMA(50)'],
    ['RSI(14)', { kind: 'RSI', period: 14 }, 'RSI(14)'],
    ['MACD(12,26,9)', { kind: 'MACD', fast: 12, slow: 26, signal: 9 }, 'MACD(12,26,9)'],
    ['macd_hist(12, 26, 9)', { kind: 'MACD_HIST', fast: 12, slow: 26, signal: 9 }, 'MACD_HIST(12,26,9)'],
    ['BB_LOWER(20,2)', { kind: 'BB_LOWER', period: 20, deviations: 2 }, 'BB_LOWER(20,2)'],
  ])('parses %s', (raw, operand, key) => {
    expect(parseOperand(raw)).toEqual(operand);
    expect(operandKey(parseOperand(raw))).toBe(key);
  });

  it.each(['', 'SMA', 'SMA()', 'SMA(0)', 'SMA(501)', 'SMA(1.5)', 'SMA(20,2)', 'MACD(26,12,9)', 'MACD(12,26)', 'BB_UPPER(20,0)', 'BB_UPPER(20,6)', 'VWAP(20)', '1e5', '12345678901234567890', 'CLOSE()'])(
    'refuses %s with INVALID_SIGNAL_RULE',
    (raw) => {
      expect(codeOf(() => parseOperand(raw))).toBe(SignalsErrorCode.INVALID_SIGNAL_RULE);
    },
  );

  it('needs as many candles as the indicator looks back, more for smoothed ones', () => {
    expect(warmUpOf(parseOperand('CLOSE'))).toBe(1);
    expect(warmUpOf(parseOperand('SMA(50)'))).toBe(50);
    expect(warmUpOf(parseOperand('RSI(14)'))).toBe(56);
    expect(warmUpOf(parseOperand('MACD(12,26,9)'))).toBe(140);
  });
});

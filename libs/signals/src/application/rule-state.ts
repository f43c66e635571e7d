import { Condition, IndicatorOperand, Operand, OperandValues, fires, holds, operandKey } from '../domain';
import { IndicatorFactory, OperandSeries } from './ports';

interface Tracked {
  readonly series: OperandSeries | null;
  readonly constant: number | null;
  values: OperandValues;
}

/**
 * One rule's memory between candles: each distinct operand's indicator and
 * its previous and current values, whether the conditions all held at the
 * last candle (the edge trigger), and the last candle seen (a replay or an
 * older candle is ignored).
 */
export class RuleState {
  private held = false;
  private lastOpenTime = -Infinity;
  private readonly operands = new Map<string, Tracked>();

  constructor(
    readonly version: number,
    readonly symbol: string,
    readonly interval: string,
    private readonly conditions: readonly Condition[],
    indicators: IndicatorFactory,
  ) {
    for (const c of conditions) for (const o of [c.left, c.right]) if (!this.operands.has(operandKey(o))) this.operands.set(operandKey(o), track(o, indicators));
  }

  watches(symbol: string, interval: string): boolean {
    return this.symbol === symbol && this.interval === interval;
  }

  /** A candle after the last one seen. */
  accepts(openTime: number): boolean {
    return openTime > this.lastOpenTime;
  }

  /** A candle of the history before the rule's first live one: updates the state, never fires. */
  warm(openTime: number, close: number): void {
    if (!this.accepts(openTime)) return;
    this.held = fires(this.held, this.advance(openTime, close)).held;
  }

  /** A live closed candle: true when the rule fires on it. */
  step(openTime: number, close: number): boolean {
    const out = fires(this.held, this.advance(openTime, close));
    this.held = out.held;
    return out.fire;
  }

  private advance(openTime: number, close: number): (boolean | null)[] {
    this.lastOpenTime = openTime;
    for (const t of this.operands.values()) {
      const current = t.constant ?? (t.series ? t.series.update(close) : close);
      t.values = { previous: t.values.current, current };
    }
    return this.conditions.map((c) => holds(c.op, this.valueOf(c.left), this.valueOf(c.right)));
  }

  private valueOf(o: Operand): OperandValues {
    return this.operands.get(operandKey(o))!.values;
  }
}

function track(o: Operand, indicators: IndicatorFactory): Tracked {
  const start = { previous: null, current: null };
  if (o.kind === 'VALUE') return { series: null, constant: Number(o.value), values: start };
  if (o.kind === 'CLOSE') return { series: null, constant: null, values: start };
  return { series: indicators.create(o as IndicatorOperand), constant: null, values: start };
}

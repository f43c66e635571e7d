import type { IndicatorOperand } from '../../domain';

/** One indicator over a stream of closes: the value after each close, null until it has seen enough. */
export interface OperandSeries {
  update(close: number): number | null;
}

/** Indicator arithmetic comes from a library (float64; docs/analytics.md "Numbers"): decisions only, never money. */
export abstract class IndicatorFactory {
  abstract create(operand: IndicatorOperand): OperandSeries;
}

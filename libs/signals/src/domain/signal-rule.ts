import { Operand, operandKey, parseOperand, warmUpOf } from './operand';
import { SignalsError, SignalsErrorCode } from './signals.error';

export type Comparison = 'ABOVE' | 'BELOW' | 'CROSSES_ABOVE' | 'CROSSES_BELOW';
export const COMPARISONS: readonly Comparison[] = ['ABOVE', 'BELOW', 'CROSSES_ABOVE', 'CROSSES_BELOW'];
/** The move a rule expects after it fires: what its hit rate measures. */
export type SignalDirection = 'UP' | 'DOWN';

export interface Condition {
  readonly left: Operand;
  readonly op: Comparison;
  readonly right: Operand;
}

export interface ConditionInput {
  readonly left: string;
  readonly op: string;
  readonly right: string;
}

export const MAX_CONDITIONS = 4;
export const MAX_HORIZON = 500;
/** Warm-ups read at most this many candles: an operand needing more is refused. */
export const MAX_WARM_UP = 2_000;

const invalid = (message: string): SignalsError => new SignalsError(SignalsErrorCode.INVALID_SIGNAL_RULE, message);

/** Parses and checks a rule's conditions (all must hold: an AND). */
export function parseConditions(inputs: readonly ConditionInput[]): Condition[] {
  if (inputs.length < 1 || inputs.length > MAX_CONDITIONS) throw invalid(`A rule has 1 to ${MAX_CONDITIONS} conditions`);
  return inputs.map((c, i) => {
    const op = c.op.trim().toUpperCase() as Comparison;
    if (!COMPARISONS.includes(op)) throw invalid(`conditions[${i}].op must be one of ${COMPARISONS.join(', ')}`);
    const left = parseOperand(c.left);
    const right = parseOperand(c.right);
    if (left.kind === 'VALUE' && right.kind === 'VALUE') throw invalid(`conditions[${i}] compares two constants`);
    if (operandKey(left) === operandKey(right)) throw invalid(`conditions[${i}] compares ${operandKey(left)} with itself`);
    return { left, op, right };
  });
}

export function conditionText(c: Condition): { left: string; op: Comparison; right: string } {
  return { left: operandKey(c.left), op: c.op, right: operandKey(c.right) };
}

/** The candles a rule must have seen before it may fire. */
export function warmUpOfRule(conditions: readonly Condition[]): number {
  const need = Math.max(...conditions.flatMap((c) => [warmUpOf(c.left), warmUpOf(c.right)])) + 1;
  if (need > MAX_WARM_UP) throw invalid(`The rule needs ${need} candles of history to warm up; at most ${MAX_WARM_UP}`);
  return need;
}

/** An operand's values at the previous and at this closed candle (null: not warmed up yet). */
export interface OperandValues {
  readonly previous: number | null;
  readonly current: number | null;
}

/**
 * Whether a condition holds at this candle. ABOVE/BELOW are strict levels.
 * CROSSES_ABOVE holds at the candle where left goes from <= right to > right
 * (CROSSES_BELOW: from >= to <): only at the crossing candle.
 */
export function holds(op: Comparison, left: OperandValues, right: OperandValues): boolean | null {
  if (left.current === null || right.current === null) return null;
  switch (op) {
    case 'ABOVE':
      return left.current > right.current;
    case 'BELOW':
      return left.current < right.current;
    case 'CROSSES_ABOVE':
      if (left.previous === null || right.previous === null) return null;
      return left.previous <= right.previous && left.current > right.current;
    case 'CROSSES_BELOW':
      if (left.previous === null || right.previous === null) return null;
      return left.previous >= right.previous && left.current < right.current;
  }
}

/**
 * Edge trigger: a rule fires at the candle where all its conditions hold and
 * did not all hold at the previous candle, so a level held for many candles
 * fires once, and again only after it stopped holding. `null` (not warmed
 * up) counts as not holding, and never fires.
 */
export function fires(previouslyHeld: boolean, nowHolds: readonly (boolean | null)[]): { fire: boolean; held: boolean } {
  const held = nowHolds.every((h) => h === true);
  return { fire: held && !previouslyHeld, held };
}

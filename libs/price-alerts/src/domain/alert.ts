/*
 * A price alert and its firing rules (docs/price-alerts.md). Pure: the
 * evaluator stores what `step` decides with a conditional UPDATE.
 *
 * Every alert watches one value of one market (its mark, its last trade, or
 * its 24 h change in hundredths of a percent) in one direction at a time:
 * "rises" (fires when the value is >= its level) or "falls" (<= its level).
 * When the value reaches it, the direction flips (`step`), and the step
 * fires when the alert was armed:
 * - ABOVE (and CHANGE_24H_ABOVE): armed while it watches a rise to the
 *   target; after firing, a recurring one watches a fall below the target
 *   (level target - 1) to re-arm, silently: hysteresis, one firing per crossing.
 * - BELOW (and CHANGE_24H_BELOW): the mirror (fires at <= target, re-arms at > target).
 * - CROSSES: always armed; the side is "below" (value < target) or "at or
 *   above" (>= target), and every change of side fires. Created on the side
 *   of the value then, so a crossing is a move across the target from there.
 * A one-shot alert ends FIRED at its first firing.
 */

export enum AlertCondition {
  ABOVE = 'ABOVE',
  BELOW = 'BELOW',
  CROSSES = 'CROSSES',
  CHANGE_24H_ABOVE = 'CHANGE_24H_ABOVE',
  CHANGE_24H_BELOW = 'CHANGE_24H_BELOW',
}

export enum AlertSource {
  MARK = 'MARK',
  LAST = 'LAST',
}

export enum AlertStatus {
  ACTIVE = 'ACTIVE',
  FIRED = 'FIRED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}

/** What an alert watches: a price by its source, or the 24 h change (from the mark). */
export type AlertFeed = AlertSource | 'CHANGE_24H';

/** The 24 h change is in hundredths of a percent ("1.25" = 125). */
export const PERCENT_SCALE = 2;

export const ALERT_CONDITIONS: readonly AlertCondition[] = Object.values(AlertCondition);

export function isChangeCondition(c: AlertCondition): boolean {
  return c === AlertCondition.CHANGE_24H_ABOVE || c === AlertCondition.CHANGE_24H_BELOW;
}

/** The part of an alert its firing rules need. */
export interface WatchedAlert {
  readonly id: string;
  readonly symbol: string;
  readonly condition: AlertCondition;
  readonly source: AlertSource;
  /** Price units (the market's price scale) or hundredths of a percent. */
  readonly target: bigint;
  readonly recurring: boolean;
  /** The direction watched now. */
  readonly rises: boolean;
  /** Bumped by every step: the conditional UPDATE's guard (one step per crossing). */
  readonly generation: number;
}

export function feedOf(a: Pick<WatchedAlert, 'condition' | 'source'>): AlertFeed {
  return isChangeCondition(a.condition) ? 'CHANGE_24H' : a.source;
}

/** Fires on a fall (BELOW-like) rather than on a rise. */
function firesFalling(c: AlertCondition): boolean {
  return c === AlertCondition.BELOW || c === AlertCondition.CHANGE_24H_BELOW;
}

/** The direction a new alert watches; `current` (the value now) is needed by CROSSES only. */
export function initialRises(condition: AlertCondition, target: bigint, current: bigint | null): boolean {
  if (condition === AlertCondition.CROSSES) {
    if (current === null) throw new RangeError('a CROSSES alert needs the current price');
    return current < target;
  }
  return !firesFalling(condition);
}

/** The level watched: a rise is reached at >= level, a fall at <= level. */
export function levelOf(a: Pick<WatchedAlert, 'condition' | 'target' | 'rises'>): bigint {
  if (firesFalling(a.condition)) return a.rises ? a.target + 1n : a.target;
  return a.rises ? a.target : a.target - 1n;
}

/** Whether a step at this moment fires (rather than re-arms). */
export function isArmed(a: Pick<WatchedAlert, 'condition' | 'rises'>): boolean {
  if (a.condition === AlertCondition.CROSSES) return true;
  return a.rises !== firesFalling(a.condition);
}

export function reached(a: Pick<WatchedAlert, 'condition' | 'target' | 'rises'>, value: bigint): boolean {
  const level = levelOf(a);
  return a.rises ? value >= level : value <= level;
}

export interface Step {
  /** The alert after the step (rises flipped, generation bumped). */
  readonly next: WatchedAlert;
  readonly fired: boolean;
  /** The alert is done (a one-shot that fired). */
  readonly ended: boolean;
}

/** What a value does to an alert: null when it does not reach it. */
export function step(a: WatchedAlert, value: bigint): Step | null {
  if (!reached(a, value)) return null;
  const fired = isArmed(a);
  return { next: { ...a, rises: !a.rises, generation: a.generation + 1 }, fired, ended: fired && !a.recurring };
}

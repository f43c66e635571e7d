import type { ConditionInput, SignalDirection } from '../../domain';

export interface SignalRuleRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  /** The conditions as written (canonical texts), parsed again where evaluated. */
  readonly conditions: readonly ConditionInput[];
  readonly direction: SignalDirection;
  readonly horizon: number;
  readonly active: boolean;
  /** Bumped by every change: an evaluator's state of an older version is dropped. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SignalFiringRecord {
  readonly id: string;
  readonly ruleId: string;
  readonly userId: string;
  readonly symbol: string;
  readonly interval: string;
  /** The open time of the closed candle it fired on. */
  readonly openTime: Date;
  /** That candle's close, price units at `priceScale`. */
  readonly close: bigint;
  readonly priceScale: number;
  readonly firedAt: Date;
}

export type SignalRulePatch = Partial<Pick<SignalRuleRecord, 'name' | 'conditions' | 'direction' | 'horizon' | 'active'>>;

/** signals.rules and signals.firings, plain SQL. */
export abstract class SignalRepository {
  /** Takes the user's lock until the transaction ends (bounded creations). */
  abstract lockUser(userId: string): Promise<void>;
  abstract insert(rule: SignalRuleRecord): Promise<void>;
  abstract countOfUser(userId: string): Promise<number>;
  abstract ofUser(userId: string): Promise<SignalRuleRecord[]>;
  /** The user's rule; null for another user's or an unknown id. */
  abstract find(userId: string, id: string): Promise<SignalRuleRecord | null>;
  abstract update(userId: string, id: string, patch: SignalRulePatch, at: Date): Promise<SignalRuleRecord | null>;
  abstract remove(userId: string, id: string): Promise<boolean>;
  /** Active rules on a market and interval (what a closed candle is evaluated against). */
  abstract activeOn(symbol: string, interval: string): Promise<SignalRuleRecord[]>;
  /** Stores a firing; false when that rule fired on that candle already (another leader, a replay). */
  abstract recordFiring(firing: SignalFiringRecord): Promise<boolean>;
  /** A rule's firings, newest first, before `before` (a cursor on open time). */
  abstract firings(ruleId: string, limit: number, before: Date | null): Promise<SignalFiringRecord[]>;
}

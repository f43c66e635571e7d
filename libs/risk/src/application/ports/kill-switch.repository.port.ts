import type { KillSwitch } from '../../domain';

/** The users' kill switches (risk.kill_switches). */
export abstract class KillSwitchRepository {
  /** Sets the limit (creating the switch); a switch triggered today stays triggered. */
  abstract arm(userId: string, asset: string, maxDailyLoss: bigint, now: Date): Promise<KillSwitch>;
  abstract ofUser(userId: string): Promise<KillSwitch[]>;
  /** Every switch that has not triggered since `since` (the start of the UTC day): what the watcher checks. */
  abstract armedSince(since: Date): Promise<KillSwitch[]>;
  /** Every switch that triggered since `since`: the blocked ones. */
  abstract triggeredSince(since: Date): Promise<KillSwitch[]>;
  /** Marks it triggered unless it already triggered since `since`: true for the one call that triggered it. */
  abstract trigger(userId: string, asset: string, at: Date, since: Date): Promise<boolean>;
  /** Removes it (and its block): true when there was one. */
  abstract clear(userId: string, asset: string): Promise<boolean>;
}

import { EquityPoint } from '../../domain';

export interface EquitySnapshot extends EquityPoint {
  readonly userId: string;
}

export abstract class EquitySnapshotRepository {
  /** A repeated (user, time) is ignored. */
  abstract insert(snapshots: readonly EquitySnapshot[]): Promise<void>;
  /** Snapshots of the user in [from, to], oldest first. */
  abstract range(userId: string, from: Date, to: Date): Promise<EquityPoint[]>;
  /** Deletes the snapshots taken before `before`; returns how many. */
  abstract prune(before: Date): Promise<number>;
}

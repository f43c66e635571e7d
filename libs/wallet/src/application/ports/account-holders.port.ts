/** What the wallet must know of an account's owner (the auth context answers). */
export interface HolderState {
  readonly suspended: boolean;
}

export abstract class AccountHolders {
  /**
   * The owners among `userIds` that exist (an unknown id is absent). `lock`:
   * read in the ambient transaction so that a suspension waits for its commit
   * (no money leaves for an owner whose suspension is committing meanwhile).
   */
  abstract states(userIds: readonly string[], lock: boolean): Promise<Map<string, HolderState>>;
}

/** Users a balance change was seen for: who the snapshot job values. */
export abstract class HolderRepository {
  /** Records the users not recorded yet (one statement; repeated ids are fine). */
  abstract touch(userIds: readonly string[], at: Date): Promise<void>;
  /** Holder ids after `afterUserId` (exclusive), ascending. */
  abstract page(afterUserId: string | undefined, limit: number): Promise<string[]>;
}

import { CostBasis } from '../../domain';

export interface CostBasisRow extends CostBasis {
  readonly asset: string;
  /** Fills that touched this asset as the traded (base) asset. */
  readonly fills: number;
}

export interface CostBasisKey {
  readonly userId: string;
  readonly asset: string;
}

export interface UserCostBasisRow extends CostBasisRow {
  readonly userId: string;
}

/** The per-user, per-asset cost-basis table (in the ambient transaction). */
export abstract class CostBasisRepository {
  abstract listForUser(userId: string): Promise<CostBasisRow[]>;
  /**
   * The rows of many (user, asset) pairs at once (absent ones omitted; user
   * ids as PostgreSQL spells them, lowercase), locked in (user, asset) order
   * in one statement until the transaction ends (two batches never lock in opposite orders).
   */
  abstract lockMany(keys: readonly CostBasisKey[]): Promise<UserCostBasisRow[]>;
  /** Upserts many rows in one statement; at most one row per (user, asset). */
  abstract saveMany(rows: readonly UserCostBasisRow[], at: Date): Promise<void>;
}

import { CostBasis } from '../../domain';

export interface CostBasisRow extends CostBasis {
  readonly asset: string;
  /** Fills that touched this asset as the traded (base) asset. */
  readonly fills: number;
}

/** The per-user, per-asset cost-basis table (in the ambient transaction). */
export abstract class CostBasisRepository {
  abstract listForUser(userId: string): Promise<CostBasisRow[]>;
  /** The rows of `assets` (absent ones omitted), locked until the transaction ends. */
  abstract lock(userId: string, assets: readonly string[]): Promise<Map<string, CostBasisRow>>;
  abstract save(userId: string, rows: readonly CostBasisRow[], at: Date): Promise<void>;
}

import { Query } from '@nestjs/cqrs';

/** The INSURANCE_FUND's available balance per asset, smallest units (0 for an asset it never held). */
export class GetInsuranceFundQuery extends Query<ReadonlyMap<string, bigint>> {
  constructor(readonly assets: readonly string[]) {
    super();
  }
}

/** One posting on the INSURANCE_FUND (a liquidation fee or cover, a funding remainder, a top-up). */
export interface InsuranceFundMovement {
  readonly id: bigint;
  readonly transactionId: string;
  readonly type: string;
  readonly asset: string;
  /** Signed: > 0 into the fund. */
  readonly amount: bigint;
  readonly reference: string;
  readonly createdAt: Date;
}

/** The fund's movements, newest first, before `beforeId` (keyset pagination). */
export class GetInsuranceFundHistoryQuery extends Query<InsuranceFundMovement[]> {
  constructor(
    readonly asset: string | undefined,
    readonly beforeId: bigint | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

/** GET /insurance-fund: the fund's balance of every asset, and its movements (decimal strings), newest first. */
export interface InsuranceFundReport {
  readonly balances: readonly { readonly asset: string; readonly balance: string }[];
  readonly history: {
    readonly items: readonly { readonly id: string; readonly transactionId: string; readonly type: string; readonly asset: string; readonly amount: string; readonly reference: string; readonly createdAt: string }[];
    /** Pass as `cursor` for the next page; null on the last. */
    readonly nextCursor: string | null;
  };
}

export class GetInsuranceFundReportQuery extends Query<InsuranceFundReport> {
  constructor(
    readonly asset: string | undefined,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';

/** Σ of long sizes and Σ of short sizes (absolute), in quantity units: equal when the market's open interest is balanced. */
export interface OpenInterest {
  readonly long: bigint;
  readonly short: bigint;
}

/** The open interest of each of these perpetual markets (GET /admin/stats), by symbol. */
export class GetOpenInterestQuery extends Query<ReadonlyMap<string, OpenInterest>> {
  constructor(readonly symbols: readonly string[]) {
    super();
  }
}

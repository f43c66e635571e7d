import { Query } from '@nestjs/cqrs';

/** A perpetual market's open interest: Σ long sizes and Σ short sizes (absolute, at its quantity scale); equal when balanced. */
export interface OpenInterest {
  readonly symbol: string;
  readonly long: bigint;
  readonly short: bigint;
}

export class GetOpenInterestQuery extends Query<OpenInterest> {
  constructor(readonly symbol: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';

/**
 * What a user's trading and funding did to their MARGIN account of `asset`
 * since `since`: the sum of its TRADE and FUNDING postings, both buckets
 * (realized PnL, fees, liquidation fees and covers, funding; the holds
 * spent and margins released only move between its buckets and cancel
 * out). Smallest units, signed.
 */
export class GetMarginDayResultQuery extends Query<bigint> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly since: Date,
  ) {
    super();
  }
}

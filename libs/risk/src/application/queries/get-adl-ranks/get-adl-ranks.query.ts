import { Query } from '@nestjs/cqrs';

/**
 * A user's ADL rank per perpetual market where they hold a position (docs/risk.md,
 * "Auto-deleveraging"): 1 to 5, 5 first in line to be deleveraged.
 */
export class GetAdlRanksQuery extends Query<ReadonlyMap<string, number>> {
  constructor(readonly userId: string) {
    super();
  }
}

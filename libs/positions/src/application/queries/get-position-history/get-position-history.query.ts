import { Query } from '@nestjs/cqrs';
import type { ClosedPositionView } from '../../position-view';

export interface ClosedPositionViewPage {
  readonly items: readonly ClosedPositionView[];
  /** The cursor of the next page, or null at the end. */
  readonly nextCursor: string | null;
}

/** A user's closed positions, newest first, optionally of one perpetual market; INVALID_CURSOR for a cursor this API did not return. */
export class GetPositionHistoryQuery extends Query<ClosedPositionViewPage> {
  constructor(
    readonly userId: string,
    readonly options: { readonly symbol?: string; readonly cursor?: string; readonly limit: number },
  ) {
    super();
  }
}

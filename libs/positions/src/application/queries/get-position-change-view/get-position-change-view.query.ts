import { Query } from '@nestjs/cqrs';
import type { PositionChangedV1 } from '../../events';
import type { PositionView } from '../../position-view';

/**
 * The view of a position as a POSITION_CHANGED event left it (the /user
 * `position` message): the event's row, valued at the mark now, with the
 * user's MARGIN account and other positions as they are now.
 */
export class GetPositionChangeViewQuery extends Query<PositionView> {
  constructor(readonly payload: PositionChangedV1) {
    super();
  }
}

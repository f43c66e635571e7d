import { Command } from '@nestjs/cqrs';

/** The price feed's switch as an admin set it. */
export interface FeedControlView {
  readonly paused: boolean;
  readonly reason: string | null;
  readonly changedBy: string | null;
  readonly changedAt: string | null;
}

/** Pause or resume the price feed (every instance: the leader reads the switch on each tick). Audited FEED_PAUSED / FEED_RESUMED. */
export class SetFeedPausedCommand extends Command<FeedControlView> {
  constructor(
    readonly adminId: string,
    readonly paused: boolean,
    readonly reason: string,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { FeedStatusView } from '../../views';

/** This instance's view of the price feed: is it the leader, how many ticks. */
export class GetFeedStatusQuery extends Query<FeedStatusView> {}

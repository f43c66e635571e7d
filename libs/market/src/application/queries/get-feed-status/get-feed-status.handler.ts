import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FeedMonitor } from '../../ports';
import { FeedStatusView } from '../../views';
import { GetFeedStatusQuery } from './get-feed-status.query';

@QueryHandler(GetFeedStatusQuery)
export class GetFeedStatusHandler implements IQueryHandler<GetFeedStatusQuery> {
  constructor(private readonly feed: FeedMonitor) {}

  async execute(): Promise<FeedStatusView> {
    return this.feed.status();
  }
}

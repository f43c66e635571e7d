import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserActivityReader } from '../../ports';
import { GetUserActivityQuery, UserActivityView } from './get-user-activity.query';

@QueryHandler(GetUserActivityQuery)
export class GetUserActivityHandler implements IQueryHandler<GetUserActivityQuery> {
  constructor(private readonly reader: UserActivityReader) {}

  execute(query: GetUserActivityQuery): Promise<UserActivityView> {
    return this.reader.counts(query.since);
  }
}

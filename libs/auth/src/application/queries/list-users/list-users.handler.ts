import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isUuid, parseCursorTime } from '@lib/kernel';
import { AuthError, AuthErrorCode } from '../../../domain';
import { UserRepository } from '../../ports';
import { Page, UserView, toUserView } from '../../views';
import { ListUsersQuery } from './list-users.query';

/** Newest first, keyset-paginated: the cursor is the last row's (createdAt, id). */
@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: ListUsersQuery): Promise<Page<UserView>> {
    const rows = await this.users.list({
      status: query.status,
      search: query.search,
      limit: query.limit + 1,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null;
    return { items: page.map(toUserView), nextCursor };
  }
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = parseCursorTime(at ?? '');
  if (!id || !isUuid(id) || createdAt === undefined) {
    throw new AuthError(AuthErrorCode.INVALID_CURSOR, 'The cursor is not valid');
  }
  return { createdAt, id };
}

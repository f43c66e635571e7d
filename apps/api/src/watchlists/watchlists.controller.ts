import { ApiKeyPermission } from '@lib/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import {
  CreateWatchlistCommand,
  DeleteWatchlistCommand,
  GetWatchlistQuery,
  ListWatchlistsQuery,
  UpdateWatchlistCommand,
  watchlistNotFound,
  type WatchlistView,
} from '@lib/watchlists';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { CreateWatchlistDto, UpdateWatchlistDto, WatchlistDto } from './watchlists.dto';

/** An id that is not a uuid names no list: 404, as for another user's list. */
const watchlistId = new ParseUUIDPipe({ exceptionFactory: () => watchlistNotFound() });

const WRITE_PROBLEMS = {
  400: ['VALIDATION_FAILED', 'INVALID_WATCHLIST_NAME', 'DUPLICATE_SYMBOL'],
  409: ['WATCHLIST_NAME_TAKEN'],
};

/** Always the caller's own lists: another user's list id answers 404 WATCHLIST_NOT_FOUND, as if it did not exist. */
@ApiTags('watchlists')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
// Lists and alerts move no money: any key may manage them (READ).
@KeyPermission(ApiKeyPermission.READ)
@Controller({ path: 'watchlists', version: '1' })
export class WatchlistsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your watchlists in their order, each symbol with its live ticker (docs/watchlists.md)' })
  @ApiOkResponse({ type: [WatchlistDto] })
  list(@CurrentUser() user: Principal): Promise<WatchlistView[]> {
    return this.queries.execute(new ListWatchlistsQuery(user.userId));
  }

  @Post()
  @ApiOperation({ summary: 'Create a watchlist, placed last among your lists', description: 'At most 20 lists per user (422 WATCHLIST_LIMIT with `limit`), 100 symbols per list (422 WATCHLIST_SYMBOLS_LIMIT with `limit`).' })
  @ApiCreatedResponse({ type: WatchlistDto })
  @ApiProblems({ ...WRITE_PROBLEMS, 422: ['WATCHLIST_LIMIT', 'WATCHLIST_SYMBOLS_LIMIT', 'UNKNOWN_SYMBOL'] })
  create(@CurrentUser() user: Principal, @Body() body: CreateWatchlistDto): Promise<WatchlistView> {
    return this.commands.execute(new CreateWatchlistCommand(user.userId, body.name, body.symbols ?? []));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your watchlists, each symbol with its live ticker' })
  @ApiOkResponse({ type: WatchlistDto })
  @ApiProblems({ 404: ['WATCHLIST_NOT_FOUND'] })
  get(@CurrentUser() user: Principal, @Param('id', watchlistId) id: string): Promise<WatchlistView> {
    return this.queries.execute(new GetWatchlistQuery(user.userId, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a watchlist, replace its symbols and/or move it among your lists',
    description: 'Only what is given changes. `symbols` replaces the whole ordered list (reorder by sending it in the new order); `position` moves the list (0-based).',
  })
  @ApiOkResponse({ type: WatchlistDto })
  @ApiProblems({ 400: [...WRITE_PROBLEMS[400], 'INVALID_POSITION'], 404: ['WATCHLIST_NOT_FOUND'], 409: WRITE_PROBLEMS[409], 422: ['WATCHLIST_SYMBOLS_LIMIT', 'UNKNOWN_SYMBOL'] })
  update(@CurrentUser() user: Principal, @Param('id', watchlistId) id: string, @Body() body: UpdateWatchlistDto): Promise<WatchlistView> {
    return this.commands.execute(new UpdateWatchlistCommand(user.userId, id, { name: body.name ?? undefined, symbols: body.symbols ?? undefined, position: body.position ?? undefined }));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a watchlist; the lists after it move up one place' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems({ 404: ['WATCHLIST_NOT_FOUND'] })
  async remove(@CurrentUser() user: Principal, @Param('id', watchlistId) id: string): Promise<void> {
    await this.commands.execute(new DeleteWatchlistCommand(user.userId, id));
  }
}

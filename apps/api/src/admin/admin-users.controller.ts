import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountStatus, AuthError, AuthErrorCode, GetUserQuery, ListUsersQuery, Role, SetUserStatusCommand } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UserDto } from '../auth/dto/auth-responses.dto';
import { ApiProblems } from '../http/api-problems.decorator';
import { ListUsersQueryDto, SuspendUserDto, UserPageDto } from './admin-users.dto';

/** A malformed id cannot name a user: same answer as an unknown one. */
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found') });

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/users', version: '1' })
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users, newest first (cursor pagination)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.queries.execute(new ListUsersQuery(query.limit ?? 50, query.cursor, query.status, query.q));
    return { items: page.items.map(UserDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 404: ['USER_NOT_FOUND'] })
  async get(@Param('id', uuid) id: string): Promise<UserDto> {
    return UserDto.from(await this.queries.execute(new GetUserQuery(id)));
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend an account', description: 'Every session is revoked; the user can no longer log in and their tokens get 403.' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['CANNOT_CHANGE_OWN_STATUS'], 404: ['USER_NOT_FOUND'] })
  async suspend(@CurrentUser() admin: Principal, @Param('id', uuid) id: string, @Body() body: SuspendUserDto): Promise<UserDto> {
    return UserDto.from(await this.commands.execute(new SetUserStatusCommand(admin.userId, id, AccountStatus.SUSPENDED, body.reason)));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a suspended account' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 403: ['CANNOT_CHANGE_OWN_STATUS'], 404: ['USER_NOT_FOUND'] })
  async reactivate(@CurrentUser() admin: Principal, @Param('id', uuid) id: string): Promise<UserDto> {
    return UserDto.from(await this.commands.execute(new SetUserStatusCommand(admin.userId, id, AccountStatus.ACTIVE, null)));
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthError, AuthErrorCode, ChangeUserRoleCommand, GetUserQuery, ListUsersQuery, Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UserDto } from '../auth/dto/auth-responses.dto';
import { ApiProblems } from '../http/api-problems.decorator';
import { AccountSuspension } from './account-suspension';
import { ListUsersQueryDto, SuspendUserDto, UserPageDto } from './admin-users.dto';
import { ChangeRoleDto } from './admin-user-actions.dto';

/** A malformed id cannot name a user: same answer as an unknown one. */
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found') });

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/users', version: '1' })
export class AdminUsersController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly suspension: AccountSuspension,
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
  @ApiOperation({
    summary: 'Suspend an account',
    description:
      'Every session is revoked; the user can no longer log in and their tokens get 403. Before it answers, every open order of the account is ' +
      'cancelled (reason ACCOUNT_SUSPENDED, holds released) and nothing of it trades from the start of the call; its pending withdrawals are held ' +
      '(not completed) until reactivation. 503 MARKET_BUSY when a market stayed too busy to take the cancel: call again.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['CANNOT_CHANGE_OWN_STATUS'], 404: ['USER_NOT_FOUND'], 503: ['MARKET_BUSY'] })
  async suspend(@CurrentUser() admin: Principal, @Param('id', uuid) id: string, @Body() body: SuspendUserDto): Promise<UserDto> {
    return UserDto.from(await this.suspension.suspend(admin.userId, id, body.reason));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a suspended account',
    description: 'The user can log in again; held withdrawals resume, each completing after the delay it had left when held. Cancelled orders stay cancelled.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 403: ['CANNOT_CHANGE_OWN_STATUS'], 404: ['USER_NOT_FOUND'] })
  async reactivate(@CurrentUser() admin: Principal, @Param('id', uuid) id: string): Promise<UserDto> {
    return UserDto.from(await this.suspension.reactivate(admin.userId, id));
  }

  @Put(':id/role')
  @ApiOperation({
    summary: 'Give an account the role USER or ADMIN',
    description:
      'Audited (ROLE_CHANGED, before/after, reason, request id) in the same transaction; the same role changes and records nothing. It takes ' +
      'effect on the account\'s next request: the role is read from the database with the session on every request (the access token\'s `role` ' +
      'claim is not trusted), and the session cache is dropped on this instance at once and on the others over Redis. A demoted admin keeps their ' +
      'sessions and gets 403 FORBIDDEN on admin routes from their next request. An admin cannot change their own role (403 CANNOT_CHANGE_OWN_ROLE).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['CANNOT_CHANGE_OWN_ROLE'], 404: ['USER_NOT_FOUND'] })
  async changeRole(@CurrentUser() admin: Principal, @Param('id', uuid) id: string, @Body() body: ChangeRoleDto): Promise<UserDto> {
    return UserDto.from(await this.commands.execute(new ChangeUserRoleCommand(admin.userId, id, body.role, body.reason)));
  }
}

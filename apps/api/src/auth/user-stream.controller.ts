import { Body, Controller, Delete, HttpCode, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyPermission, CloseListenKeyCommand, CreateListenKeyCommand, ExtendListenKeyCommand } from '@lib/auth';
import type { ListenKeyView, Principal } from '@lib/auth';
import { ApiProblems } from '../http/api-problems.decorator';
import { CurrentUser, KeyPermission } from './auth.decorators';
import { ListenKeyDto, ListenKeyRequestDto } from './dto/user-stream.dto';

const NOT_FOUND = { 404: ['LISTEN_KEY_NOT_FOUND'] };

/**
 * Listen keys (docs/api-keys.md, "Listen key"): what a bot signing with an
 * API key opens the private /user stream with, instead of an access token.
 * A token works too. Any key may (READ): the stream only reads.
 */
@ApiTags('user-stream')
@ApiBearerAuth('bearer')
@ApiProblems({
  400: ['VALIDATION_FAILED', 'API_KEY_HEADERS'],
  401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED', 'API_KEY_INVALID', 'TIMESTAMP_OUTSIDE_WINDOW', 'SIGNATURE_INVALID', 'SIGNATURE_REPLAYED'],
  403: ['ACCOUNT_SUSPENDED', 'IP_NOT_ALLOWED', 'API_KEY_PERMISSION'],
})
@KeyPermission(ApiKeyPermission.READ)
@Controller({ path: 'user-stream', version: '1' })
export class UserStreamController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a listen key for the /user stream',
    description:
      'Connect with `io(url + "/user", {auth: {listenKey}})`. Valid 60 minutes (LISTEN_KEY_TTL_MS): keep it alive with PUT. It lives no longer than the API key ' +
      '(or the session) that created it. At most 10 live keys per user: a new one closes the one that expires first.',
  })
  @ApiCreatedResponse({ type: ListenKeyDto })
  create(@CurrentUser() user: Principal & { apiKeyId?: string }): Promise<ListenKeyView> {
    return this.commands.execute(new CreateListenKeyCommand(user.userId, user.apiKeyId ? { apiKeyId: user.apiKeyId } : { sessionId: user.sessionId }));
  }

  @Put()
  @ApiOperation({ summary: 'Keep a listen key alive: it now expires 60 minutes from now', description: 'Sockets connected with it follow the new expiry.' })
  @ApiOkResponse({ type: ListenKeyDto })
  @ApiProblems(NOT_FOUND)
  extend(@CurrentUser() user: Principal, @Body() body: ListenKeyRequestDto): Promise<ListenKeyView> {
    return this.commands.execute(new ExtendListenKeyCommand(user.userId, body.listenKey));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Close a listen key', description: 'Its sockets get `error` {code: LISTEN_KEY_CLOSED} and are disconnected, on every server.' })
  @ApiNoContentResponse({ description: 'Closed' })
  @ApiProblems(NOT_FOUND)
  async close(@CurrentUser() user: Principal, @Body() body: ListenKeyRequestDto): Promise<void> {
    await this.commands.execute(new CloseListenKeyCommand(user.userId, body.listenKey));
  }
}

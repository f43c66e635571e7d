import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateApiKeyCommand, ListApiKeysQuery, RevokeApiKeyCommand } from '@lib/auth';
import type { ApiKeyView, CreatedApiKeyView, Principal } from '@lib/auth';
import { ApiProblems } from '../http/api-problems.decorator';
import { CurrentUser, NoApiKey } from './auth.decorators';
import { ApiTwoFactorHeader, STEP_UP_PROBLEMS, TwoFactorCode, stepUp } from './step-up';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-keys.dto';

/** Your API keys (docs/api-keys.md): for bots, instead of a password and tokens. */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@NoApiKey()
@Controller({ path: 'api-keys', version: '1' })
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'HMAC: the answer carries `secret`, this once (the server keeps it encrypted, never in plain text). ED25519: send `publicKey`; the server keeps only it. ' +
      'At most 20 live keys (422 API_KEY_LIMIT). How to sign a request: docs/api-keys.md and the README.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiTwoFactorHeader()
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_API_KEY_REQUEST'], 403: ['ACCOUNT_SUSPENDED', ...STEP_UP_PROBLEMS], 422: ['API_KEY_LIMIT'], 429: ['TOO_MANY_TWO_FACTOR_ATTEMPTS', 'RATE_LIMITED'] })
  async create(@CurrentUser() user: Principal, @Body() body: CreateApiKeyDto, @TwoFactorCode() code: string | null): Promise<CreatedApiKeyView> {
    await stepUp(this.commands, user, code);
    return this.commands.execute(
      new CreateApiKeyCommand(user.userId, body.label.trim(), body.scheme, body.permissions, body.ipAllowlist ?? [], body.expiresAt ? new Date(body.expiresAt) : null, body.publicKey ?? null),
    );
  }

  @Get()
  @ApiOperation({ summary: 'Your live API keys, newest first (never a secret)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentUser() user: Principal): Promise<ApiKeyView[]> {
    return this.queries.execute(new ListApiKeysQuery(user.userId));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key, at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems({ 404: ['API_KEY_NOT_FOUND'] })
  async revoke(@CurrentUser() user: Principal, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(user.userId, id));
  }
}

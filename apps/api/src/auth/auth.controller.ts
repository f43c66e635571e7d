import { Body, Controller, Get, HttpCode, Patch, Post, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiNoContentResponse, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  ChangePasswordCommand,
  CompleteMfaLoginCommand,
  GetUserQuery,
  LogInCommand,
  LogOutCommand,
  RefreshSessionCommand,
  RegisterUserCommand,
  UpdateProfileCommand,
} from '@lib/auth';
import type { LoginResult, Principal } from '@lib/auth';
import type { FastifyRequest } from 'fastify';
import { ApiProblems } from '../http/api-problems.decorator';
import { CurrentUser, Public, NoApiKey } from './auth.decorators';
import { clientInfo } from './client-info';
import { ChangePasswordDto, LoginDto, RefreshDto, RegisterDto } from './dto/auth-requests.dto';
import { AuthTokensDto, UserDto } from './dto/auth-responses.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { MfaChallengeDto, MfaLoginDto } from './dto/two-factor.dto';

const AUTHENTICATED = { 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] } as const;

@ApiTags('auth')
@NoApiKey()
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account and log in' })
  @ApiCreatedResponse({ type: AuthTokensDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'WEAK_PASSWORD', 'INVALID_EMAIL'], 409: ['EMAIL_TAKEN'], 429: ['RATE_LIMITED'] })
  async register(@Body() body: RegisterDto, @Req() request: FastifyRequest): Promise<AuthTokensDto> {
    const tokens = await this.commands.execute(new RegisterUserCommand(body.email, body.password, body.name, clientInfo(request)));
    return AuthTokensDto.from(tokens);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Repeated failures per account or per IP are refused with 429 for a while (Retry-After). ' +
      'With two-factor authentication on, a right password answers `{mfaRequired: true, mfaToken}` instead of tokens: finish with POST /api/v1/auth/login/mfa.',
  })
  @ApiExtraModels(AuthTokensDto, MfaChallengeDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(AuthTokensDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] } })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_CREDENTIALS'], 403: ['ACCOUNT_SUSPENDED'], 429: ['TOO_MANY_LOGIN_ATTEMPTS', 'RATE_LIMITED'] })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<AuthTokensDto | MfaChallengeDto> {
    const result: LoginResult = await this.commands.execute(new LogInCommand(body.email, body.password, clientInfo(request)));
    return 'mfaRequired' in result ? { ...result } : AuthTokensDto.from(result);
  }

  @Public()
  @Post('login/mfa')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish a login with the second factor',
    description: 'The mfaToken from POST /auth/login and a current code (or a recovery code). Wrong codes are counted per account like wrong passwords (429 at the limit).',
  })
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED'],
    401: ['MFA_TOKEN_INVALID'],
    403: ['ACCOUNT_SUSPENDED', 'TWO_FACTOR_REQUIRED', 'TWO_FACTOR_CODE_INVALID', 'TWO_FACTOR_CODE_REPLAYED'],
    429: ['TOO_MANY_TWO_FACTOR_ATTEMPTS', 'RATE_LIMITED'],
  })
  async loginMfa(@Body() body: MfaLoginDto, @Req() request: FastifyRequest): Promise<AuthTokensDto> {
    const proof = { code: body.code ?? null, recoveryCode: body.recoveryCode ?? null };
    return AuthTokensDto.from(await this.commands.execute(new CompleteMfaLoginCommand(body.mfaToken, proof, clientInfo(request))));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description: 'The presented token stops working. Presenting an already-rotated token revokes the whole session.',
  })
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
  async refresh(@Body() body: RefreshDto): Promise<AuthTokensDto> {
    return AuthTokensDto.from(await this.commands.execute(new RefreshSessionCommand(body.refreshToken)));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End this session: its refresh token and access token stop working' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems(AUTHENTICATED)
  async logout(@CurrentUser() user: Principal): Promise<void> {
    await this.commands.execute(new LogOutCommand(user.sessionId));
  }

  @Get('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(AUTHENTICATED)
  async me(@CurrentUser() user: Principal): Promise<UserDto> {
    return UserDto.from(await this.queries.execute(new GetUserQuery(user.userId)));
  }

  @Patch('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Update name and settings', description: 'Unknown fields (role, email, id...) are rejected with 400.' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems({ ...AUTHENTICATED, 400: ['VALIDATION_FAILED', 'INVALID_NAME'] })
  async updateMe(@CurrentUser() user: Principal, @Body() body: UpdateMeDto): Promise<UserDto> {
    return UserDto.from(await this.commands.execute(new UpdateProfileCommand(user.userId, body)));
  }

  @Put('password')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Change the password',
    description: 'Every other session of the user is revoked; this one stays. API keys stay unless `revokeApiKeys: true`. Wrong current passwords are counted per user like failed logins: at the limit, 429 with Retry-After.',
  })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblems({ ...AUTHENTICATED, 400: ['VALIDATION_FAILED', 'INVALID_CURRENT_PASSWORD', 'WEAK_PASSWORD'], 429: ['TOO_MANY_PASSWORD_ATTEMPTS', 'RATE_LIMITED'] })
  async changePassword(@CurrentUser() user: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.commands.execute(new ChangePasswordCommand(user.userId, user.sessionId, body.currentPassword, body.newPassword, body.revokeApiKeys ?? false));
  }
}

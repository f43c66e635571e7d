import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmTwoFactorCommand, DisableTwoFactorCommand, GetTwoFactorStatusQuery, SetUpTwoFactorCommand } from '@lib/auth';
import type { Principal, TwoFactorSetupView, TwoFactorStatusView } from '@lib/auth';
import { ApiProblems } from '../http/api-problems.decorator';
import { CurrentUser, NoApiKey } from './auth.decorators';
import { ConfirmTwoFactorDto, DisableTwoFactorDto, RecoveryCodesDto, TwoFactorDisabledDto, TwoFactorSetupDto, TwoFactorStatusDto } from './dto/two-factor.dto';

const CODES = ['TWO_FACTOR_CODE_INVALID', 'TWO_FACTOR_CODE_REPLAYED'] as const;

/** Two-factor authentication with TOTP (docs/two-factor.md): for people; API keys never reach it. */
@ApiTags('auth')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'], 429: ['RATE_LIMITED'] })
@NoApiKey()
@Controller({ path: 'auth/2fa', version: '1' })
export class TwoFactorController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether two-factor authentication is on, and the recovery codes left' })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  status(@CurrentUser() user: Principal): Promise<TwoFactorStatusView> {
    return this.queries.execute(new GetTwoFactorStatusQuery(user.userId));
  }

  @Post('setup')
  @ApiOperation({
    summary: 'Start enrolling an authenticator app',
    description: 'Answers a new secret (base32), its otpauth URI and a QR code. Nothing changes until POST /auth/2fa/confirm with a code from the app; a new setup replaces a pending one.',
  })
  @ApiCreatedResponse({ type: TwoFactorSetupDto })
  @ApiProblems({ 409: ['TWO_FACTOR_ALREADY_ENABLED'] })
  setUp(@CurrentUser() user: Principal): Promise<TwoFactorSetupView> {
    return this.commands.execute(new SetUpTwoFactorCommand(user.userId));
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn two-factor authentication on with a code from the app',
    description: 'Answers ten single-use recovery codes, this once. From now on login asks for a code, and so do withdrawals and API key creation (X-2FA-Code).',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['ACCOUNT_SUSPENDED', 'TWO_FACTOR_CODE_INVALID'], 409: ['TWO_FACTOR_NOT_PENDING', 'TWO_FACTOR_ALREADY_ENABLED'], 429: ['TOO_MANY_TWO_FACTOR_ATTEMPTS', 'RATE_LIMITED'] })
  confirm(@CurrentUser() user: Principal, @Body() body: ConfirmTwoFactorDto): Promise<{ recoveryCodes: string[] }> {
    return this.commands.execute(new ConfirmTwoFactorCommand(user.userId, body.code));
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn two-factor authentication off',
    description: 'With a current code, or a recovery code for a lost device. Your API keys that can withdraw are revoked with it (listed in the answer).',
  })
  @ApiOkResponse({ type: TwoFactorDisabledDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['ACCOUNT_SUSPENDED', 'TWO_FACTOR_REQUIRED', ...CODES], 409: ['TWO_FACTOR_NOT_ENABLED'], 429: ['TOO_MANY_TWO_FACTOR_ATTEMPTS', 'RATE_LIMITED'] })
  disable(@CurrentUser() user: Principal, @Body() body: DisableTwoFactorDto): Promise<{ revokedApiKeys: string[] }> {
    return this.commands.execute(new DisableTwoFactorCommand(user.userId, { code: body.code ?? null, recoveryCode: body.recoveryCode ?? null }));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { ArmKillSwitchCommand, ClearKillSwitchCommand, GetKillSwitchesQuery } from '@lib/risk';
import type { KillSwitchView } from '@lib/risk';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ArmKillSwitchDto, KillSwitchAssetQueryDto, KillSwitchDto } from './kill-switch.dto';
import { ApiKeyPermission } from '@lib/auth';

const DEFAULT_ASSET = 'USDT';

/** The user's kill switch (docs/risk.md, "Kill switch"). */
@ApiTags('risk')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@KeyPermission(ApiKeyPermission.TRADE)
@Controller({ version: '1' })
export class KillSwitchController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('risk/kill-switch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Arm (or change) your kill switch on a settlement asset',
    description:
      'When the day\'s result (realized today plus unrealized now, on the perpetuals settled in the asset) falls below -maxDailyLoss, ' +
      'every open order is cancelled, every position in the asset is closed at market, and new exposure is refused (422 KILL_SWITCH_ACTIVE) ' +
      'until 00:00 UTC or until you clear it. Changing the limit of a triggered switch keeps it triggered.',
  })
  @ApiOkResponse({ type: KillSwitchDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_KILL_SWITCH'] })
  arm(@CurrentUser() user: Principal, @Body() body: ArmKillSwitchDto): Promise<KillSwitchView> {
    return this.commands.execute(new ArmKillSwitchCommand(user.userId, body.asset ?? DEFAULT_ASSET, body.maxDailyLoss));
  }

  @Get('risk/kill-switch')
  @ApiOperation({ summary: 'Your kill switches, with the day\'s result now' })
  @ApiOkResponse({ type: [KillSwitchDto] })
  list(@CurrentUser() user: Principal): Promise<KillSwitchView[]> {
    return this.queries.execute(new GetKillSwitchesQuery(user.userId));
  }

  @Delete('risk/kill-switch')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear your kill switch on an asset (and lift its block at once)' })
  @ApiNoContentResponse({ description: 'Cleared' })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['KILL_SWITCH_NOT_FOUND'] })
  async clear(@CurrentUser() user: Principal, @Query() query: KillSwitchAssetQueryDto): Promise<void> {
    await this.commands.execute(new ClearKillSwitchCommand(user.userId, query.asset ?? DEFAULT_ASSET));
  }
}

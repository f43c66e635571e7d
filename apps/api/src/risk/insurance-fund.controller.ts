import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { GetInsuranceFundReportQuery, TopUpInsuranceFundCommand } from '@lib/wallet';
import type { InsuranceFundReport, InsuranceTopUpView } from '@lib/wallet';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { Idempotent } from '../http/idempotent.decorator';
import { InsuranceFundDto, InsuranceFundQueryDto, InsuranceTopUpDto, InsuranceTopUpResultDto } from './insurance-fund.dto';

/** The insurance fund (docs/risk.md): liquidation fees in, losses beyond a position's margin out. */
@ApiTags('risk')
@Controller({ version: '1' })
export class InsuranceFundController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('insurance-fund')
  @Public()
  @ApiOperation({
    summary: 'The insurance fund: its balance per asset and its movements, newest first',
    description: 'Public, like an exchange\'s published fund. Liquidation fees and funding remainders come in; a liquidation\'s loss beyond the margin goes out; admins top it up.',
  })
  @ApiOkResponse({ type: InsuranceFundDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR', 'UNKNOWN_ASSET'] })
  fund(@Query() query: InsuranceFundQueryDto): Promise<InsuranceFundReport> {
    return this.queries.execute(new GetInsuranceFundReportQuery(query.asset, query.cursor, query.limit ?? 50));
  }

  @Post('admin/insurance-fund/top-ups')
  @ApiTags('admin')
  @ApiBearerAuth('bearer')
  @Roles(Role.ADMIN)
  @Idempotent({ required: true })
  @ApiOperation({
    summary: 'Add money to the insurance fund (from outside the ledger: EXTERNAL)',
    description: 'Idempotency-Key is required: the key is also the ledger reference, so one key never posts twice. Recorded with the admin\'s id and the reason.',
  })
  @ApiCreatedResponse({ type: InsuranceTopUpResultDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_AMOUNT', 'UNKNOWN_ASSET'], 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
  topUp(@CurrentUser() admin: Principal, @Body() body: InsuranceTopUpDto, @Headers('idempotency-key') key: string): Promise<InsuranceTopUpView> {
    return this.commands.execute(new TopUpInsuranceFundCommand(admin.userId, body.asset, body.amount, body.reason, `${admin.userId}:${key}`));
  }
}

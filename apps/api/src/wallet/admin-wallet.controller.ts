import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { AdjustBalanceCommand, ReconcileLedgerQuery, UserAccountKind } from '@lib/wallet';
import type { AdjustmentView, ReconcileReport } from '@lib/wallet';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { Idempotent } from '../http/idempotent.decorator';
import { AdjustmentDto } from './wallet-requests.dto';
import { AdjustmentResultDto, ReconcileReportDto } from './wallet-responses.dto';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ version: '1' })
export class AdminWalletController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('admin/wallet/adjustments')
  @Idempotent({ required: true })
  @ApiOperation({
    summary: 'Adjust a user\'s balance (signed amount) with a reason',
    description: 'Idempotency-Key is required: the key is also the ledger reference, so one key never posts twice. Recorded with the admin\'s id.',
  })
  @ApiCreatedResponse({ type: AdjustmentResultDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_AMOUNT', 'UNKNOWN_ASSET'], 422: ['INSUFFICIENT_BALANCE'] })
  adjust(@CurrentUser() admin: Principal, @Body() body: AdjustmentDto, @Headers('idempotency-key') key: string): Promise<AdjustmentView> {
    return this.commands.execute(
      new AdjustBalanceCommand(admin.userId, body.userId, body.account ?? UserAccountKind.SPOT, body.asset, body.amount, body.reason, `${admin.userId}:${key}`),
    );
  }

  @Get('admin/ledger/reconcile')
  @ApiOperation({ summary: 'Ledger invariants: postings sum to zero per asset, balances equal their postings, nothing negative' })
  @ApiOkResponse({ type: ReconcileReportDto })
  reconcile(): Promise<ReconcileReport> {
    return this.queries.execute(new ReconcileLedgerQuery());
  }
}

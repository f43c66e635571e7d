import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { AdjustBalanceCommand, ListWithdrawalsQuery, ReconcileLedgerQuery, UserAccountKind } from '@lib/wallet';
import type { AdjustmentView, Page, ReconcileReport, WithdrawalView } from '@lib/wallet';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { Idempotent } from '../http/idempotent.decorator';
import { AdjustmentDto, AdminWithdrawalsQueryDto } from './wallet-requests.dto';
import { AdjustmentResultDto, ReconcileReportDto, WithdrawalPageDto } from './wallet-responses.dto';

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
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_AMOUNT', 'UNKNOWN_ASSET'], 404: ['USER_NOT_FOUND'], 422: ['INSUFFICIENT_BALANCE'] })
  adjust(@CurrentUser() admin: Principal, @Body() body: AdjustmentDto, @Headers('idempotency-key') key: string): Promise<AdjustmentView> {
    return this.commands.execute(
      new AdjustBalanceCommand(admin.userId, body.userId, body.account ?? UserAccountKind.SPOT, body.asset, body.amount, body.reason, `${admin.userId}:${key}`),
    );
  }

  @Get('admin/wallet/withdrawals')
  @ApiOperation({
    summary: 'A user\'s withdrawals, newest first (cursor pagination)',
    description: 'Readable whatever the user\'s status: a suspended user\'s pending withdrawals show `heldAt`.',
  })
  @ApiOkResponse({ type: WithdrawalPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  withdrawals(@Query() query: AdminWithdrawalsQueryDto): Promise<Page<WithdrawalView>> {
    return this.queries.execute(new ListWithdrawalsQuery(query.userId, query.limit ?? 50, query.cursor, query.status));
  }

  @Get('admin/ledger/reconcile')
  @ApiOperation({ summary: 'Ledger invariants: postings sum to zero per asset, balances equal their postings, nothing negative' })
  @ApiOkResponse({ type: ReconcileReportDto })
  reconcile(): Promise<ReconcileReport> {
    return this.queries.execute(new ReconcileLedgerQuery());
  }
}

import { ApiKeyPermission } from '@lib/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CancelWithdrawalCommand,
  DepositCommand,
  GetAssetBalanceQuery,
  GetBalancesQuery,
  GetLedgerHistoryQuery,
  ListWithdrawalsQuery,
  RequestWithdrawalCommand,
  TransferCommand,
  WalletError,
  WalletErrorCode,
} from '@lib/wallet';
import type { Principal } from '@lib/auth';
import type { AssetBalanceView, DepositView, HistoryEntryView, Page, TransferView, WalletView, WithdrawalView } from '@lib/wallet';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiTwoFactorHeader, STEP_UP_PROBLEMS, TwoFactorCode, stepUp } from '../auth/step-up';
import { ApiProblems } from '../http/api-problems.decorator';
import { Idempotent } from '../http/idempotent.decorator';
import { DepositDto, HistoryQueryDto, TransferDto, WithdrawalDto, WithdrawalsQueryDto } from './wallet-requests.dto';
// Response schemas for Swagger; handlers return the context's views, mapped field by field in the lib.
import {
  AssetBalanceDto,
  DepositResultDto,
  HistoryPageDto,
  TransferResultDto,
  WalletDto,
  WithdrawalPageDto,
  WithdrawalResultDto,
} from './wallet-responses.dto';

const AMOUNT_PROBLEMS = ['VALIDATION_FAILED', 'INVALID_AMOUNT', 'UNKNOWN_ASSET'];
/** Another user's withdrawal id, or a malformed one, is just "not found". */
const withdrawalId = new ParseUUIDPipe({ exceptionFactory: () => new WalletError(WalletErrorCode.WITHDRAWAL_NOT_FOUND, 'Withdrawal not found') });

@ApiTags('wallet')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@Controller({ path: 'wallet', version: '1' })
export class WalletController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Balances of the SPOT and MARGIN accounts, every asset (zeros included)' })
  @ApiOkResponse({ type: WalletDto })
  balances(@CurrentUser() user: Principal): Promise<WalletView> {
    return this.queries.execute(new GetBalancesQuery(user.userId));
  }

  @Get('history')
  @ApiOperation({ summary: 'Ledger entries of the user, newest first', description: 'Filters: asset, type, from (inclusive), to (exclusive). Cursor pagination.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR', 'UNKNOWN_ASSET'] })
  history(@CurrentUser() user: Principal, @Query() query: HistoryQueryDto): Promise<Page<HistoryEntryView>> {
    return this.queries.execute(
      new GetLedgerHistoryQuery(user.userId, {
        asset: query.asset,
        type: query.type,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        cursor: query.cursor,
        limit: query.limit ?? 50,
      }),
    );
  }

  @Get('withdrawals')
  @ApiOperation({ summary: 'The user\'s withdrawals, newest first' })
  @ApiOkResponse({ type: WithdrawalPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  withdrawals(@CurrentUser() user: Principal, @Query() query: WithdrawalsQueryDto): Promise<Page<WithdrawalView>> {
    return this.queries.execute(new ListWithdrawalsQuery(user.userId, query.limit ?? 50, query.cursor, query.status));
  }

  @Get(':asset')
  @ApiOperation({ summary: 'One asset in both accounts' })
  @ApiOkResponse({ type: AssetBalanceDto })
  @ApiProblems({ 404: ['UNKNOWN_ASSET'] })
  asset(@CurrentUser() user: Principal, @Param('asset') asset: string): Promise<AssetBalanceView> {
    return this.queries.execute(new GetAssetBalanceQuery(user.userId, asset));
  }

  @Post('deposits')
  @Idempotent()
  @ApiOperation({ summary: 'Simulated faucet: credit the SPOT account at once', description: 'Capped per asset per UTC day (DEPOSIT_LIMIT_EXCEEDED).' })
  @ApiCreatedResponse({ type: DepositResultDto })
  @ApiProblems({ 400: AMOUNT_PROBLEMS, 422: ['DEPOSIT_LIMIT_EXCEEDED'] })
  deposit(@CurrentUser() user: Principal, @Body() body: DepositDto): Promise<DepositView> {
    return this.commands.execute(new DepositCommand(user.userId, body.asset, body.amount));
  }

  @KeyPermission(ApiKeyPermission.WITHDRAW)
  @Post('withdrawals')
  @Idempotent()
  @ApiOperation({
    summary: 'Request a withdrawal',
    description: 'The funds are locked at once; the withdrawal is PENDING until the simulated chain confirms it (WITHDRAWAL_DELAY_MS), cancellable until then.',
  })
  @ApiCreatedResponse({ type: WithdrawalResultDto })
  @ApiTwoFactorHeader()
  @ApiProblems({ 400: [...AMOUNT_PROBLEMS, 'INVALID_ADDRESS'], 403: ['ACCOUNT_SUSPENDED', ...STEP_UP_PROBLEMS], 422: ['INSUFFICIENT_BALANCE'], 429: ['TOO_MANY_TWO_FACTOR_ATTEMPTS', 'RATE_LIMITED'] })
  async withdraw(@CurrentUser() user: Principal, @Body() body: WithdrawalDto, @TwoFactorCode() code: string | null): Promise<WithdrawalView> {
    // After validation, inside the request's transaction: a withdrawal that fails gives its code back.
    await stepUp(this.commands, user, code);
    return this.commands.execute(new RequestWithdrawalCommand(user.userId, body.asset, body.amount, body.address));
  }

  @KeyPermission(ApiKeyPermission.WITHDRAW)
  @Post('withdrawals/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a PENDING withdrawal: the funds return to available' })
  @ApiOkResponse({ type: WithdrawalResultDto })
  @ApiProblems({ 404: ['WITHDRAWAL_NOT_FOUND'], 409: ['WITHDRAWAL_NOT_PENDING'] })
  cancel(@CurrentUser() user: Principal, @Param('id', withdrawalId) id: string): Promise<WithdrawalView> {
    return this.commands.execute(new CancelWithdrawalCommand(user.userId, id));
  }

  @KeyPermission(ApiKeyPermission.WITHDRAW)
  @Post('transfers')
  @Idempotent()
  @ApiOperation({
    summary: 'Move funds between the user\'s SPOT and MARGIN accounts',
    description: 'Out of MARGIN, at most what open positions and orders leave (unrealized profit never counts): INSUFFICIENT_MARGIN beyond it.',
  })
  @ApiCreatedResponse({ type: TransferResultDto })
  @ApiProblems({ 400: [...AMOUNT_PROBLEMS, 'SAME_ACCOUNT_TRANSFER'], 422: ['INSUFFICIENT_BALANCE', 'INSUFFICIENT_MARGIN'] })
  transfer(@CurrentUser() user: Principal, @Body() body: TransferDto): Promise<TransferView> {
    return this.commands.execute(new TransferCommand(user.userId, body.asset, body.amount, body.from, body.to));
  }
}

import { ApiKeyPermission } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BacktestsError, BacktestsErrorCode, CancelBacktestCommand, GetBacktestQuery, ListBacktestsQuery, SubmitBacktestCommand } from '@lib/backtests';
import type { BacktestPage, BacktestView } from '@lib/backtests';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { parseTime } from '../http/parse-time';
import { BacktestListQueryDto, SubmitBacktestDto } from './backtests-requests.dto';
import { BacktestAcceptedDto, BacktestDto, BacktestPageDto } from './backtests-responses.dto';

/** An id that is not a uuid names no backtest. */
const backtestId = new ParseUUIDPipe({ exceptionFactory: () => new BacktestsError(BacktestsErrorCode.BACKTEST_NOT_FOUND, 'No such backtest') });

/** A user's backtests (docs/analytics.md, "Backtests"); each is its owner's only (another user's is 404). */
@ApiTags('backtests')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
// Backtests move no money: any key may run them (READ).
@KeyPermission(ApiKeyPermission.READ)
@Controller({ version: '1' })
export class BacktestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('backtests')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Backtest a strategy on a market\'s price history',
    description:
      'Accepted at once and run off the request path (a worker thread): poll GET /backtests/{id} or follow the `backtest` events on /user. ' +
      'Signals on a candle\'s close fill at the next candle\'s open, slipped against the trader onto the tick, with the taker fee rounded up like live trading. ' +
      'At most BACKTEST_MAX_PENDING_PER_USER (10) queued or running per user.',
  })
  @ApiAcceptedResponse({ type: BacktestAcceptedDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_BACKTEST'], 404: ['MARKET_NOT_FOUND'], 429: ['BACKTEST_QUEUE_FULL'], 503: ['BACKTESTS_BUSY'] })
  async submit(@CurrentUser() user: Principal, @Body() body: SubmitBacktestDto): Promise<{ id: string; status: string }> {
    const view = await this.commands.execute(
      new SubmitBacktestCommand(user.userId, {
        symbol: body.symbol.toUpperCase(),
        interval: body.interval,
        from: parseTime('from', body.from)!,
        to: parseTime('to', body.to)!,
        strategy: { type: body.strategy.type, params: body.strategy.params },
        initialCapital: body.initialCapital,
        ...(body.feeRate !== undefined ? { feeRate: body.feeRate } : {}),
        ...(body.slippageBps !== undefined ? { slippageBps: body.slippageBps } : {}),
        ...(body.positionSizing !== undefined ? { positionSizing: { type: body.positionSizing.type, ...(body.positionSizing.fraction !== undefined ? { fraction: body.positionSizing.fraction } : {}) } } : {}),
      }),
    );
    return { id: view.id, status: view.status };
  }

  @Get('backtests')
  @ApiOperation({ summary: 'Your backtests, newest first, without their results; cursor pagination' })
  @ApiOkResponse({ type: BacktestPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  list(@CurrentUser() user: Principal, @Query() query: BacktestListQueryDto): Promise<BacktestPage> {
    return this.queries.execute(new ListBacktestsQuery(user.userId, query.cursor, query.limit ?? 20));
  }

  @Get('backtests/:id')
  @ApiOperation({ summary: 'A backtest: status, progress (percent), and its result once DONE (trades, equity curve, figures, and buy-and-hold\'s)' })
  @ApiOkResponse({ type: BacktestDto })
  @ApiProblems({ 404: ['BACKTEST_NOT_FOUND'] })
  get(@CurrentUser() user: Principal, @Param('id', backtestId) id: string): Promise<BacktestView> {
    return this.queries.execute(new GetBacktestQuery(user.userId, id));
  }

  @Delete('backtests/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a queued or running backtest (its worker is stopped)' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiProblems({ 404: ['BACKTEST_NOT_FOUND'], 409: ['BACKTEST_FINISHED'] })
  async cancel(@CurrentUser() user: Principal, @Param('id', backtestId) id: string): Promise<void> {
    await this.commands.execute(new CancelBacktestCommand(user.userId, id));
  }
}

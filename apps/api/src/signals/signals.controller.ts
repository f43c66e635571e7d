import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyPermission } from '@lib/auth';
import type { Principal } from '@lib/auth';
import {
  CreateSignalRuleCommand,
  DeleteSignalRuleCommand,
  GetSignalRuleQuery,
  GetSignalStatsQuery,
  ListSignalFiringsQuery,
  ListSignalRulesQuery,
  SignalsError,
  SignalsErrorCode,
  UpdateSignalRuleCommand,
} from '@lib/signals';
import type { SignalFiringPage, SignalRuleView, SignalStatsView } from '@lib/signals';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { CreateSignalDto, SignalDto, SignalEventsQueryDto, SignalFiringPageDto, SignalStatsDto, UpdateSignalDto } from './signals.dto';

/** An id that is not a uuid names no rule. */
const signalId = new ParseUUIDPipe({ exceptionFactory: () => new SignalsError(SignalsErrorCode.SIGNAL_NOT_FOUND, 'No such signal rule of yours') });

/** Indicator signals (docs/analytics.md "Signals"): rules on closed candles, fired once per crossing, `signal` on /user. */
@ApiTags('signals')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
// Rules move no money: any key may manage them (READ).
@KeyPermission(ApiKeyPermission.READ)
@Controller({ path: 'signals', version: '1' })
export class SignalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a signal rule',
    description:
      'Evaluated on each closed candle of its market and interval; fires at the candle where all its conditions come to hold (once per crossing), ' +
      'stored and sent as a `signal` event on /user. At most 20 rules per user.',
  })
  @ApiCreatedResponse({ type: SignalDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_SIGNAL_RULE'], 404: ['MARKET_NOT_FOUND'], 422: ['SIGNAL_LIMIT_REACHED'] })
  create(@CurrentUser() user: Principal, @Body() body: CreateSignalDto): Promise<SignalRuleView> {
    return this.commands.execute(new CreateSignalRuleCommand(user.userId, { ...body, symbol: body.symbol.toUpperCase() }));
  }

  @Get()
  @ApiOperation({ summary: 'Your signal rules, oldest first' })
  @ApiOkResponse({ type: [SignalDto] })
  list(@CurrentUser() user: Principal): Promise<SignalRuleView[]> {
    return this.queries.execute(new ListSignalRulesQuery(user.userId));
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Per rule: firings, and the share followed by a move in its direction within its horizon (hit rate), with the average move',
    description: 'The move of a firing is the close `horizon` candles after its candle over its close, from the price history; firings whose horizon has not passed are not evaluated yet.',
  })
  @ApiOkResponse({ type: [SignalStatsDto] })
  stats(@CurrentUser() user: Principal): Promise<SignalStatsView[]> {
    return this.queries.execute(new GetSignalStatsQuery(user.userId));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your signal rules' })
  @ApiOkResponse({ type: SignalDto })
  @ApiProblems({ 404: ['SIGNAL_NOT_FOUND'] })
  get(@CurrentUser() user: Principal, @Param('id', signalId) id: string): Promise<SignalRuleView> {
    return this.queries.execute(new GetSignalRuleQuery(user.userId, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a rule (its evaluation starts over from the history)' })
  @ApiOkResponse({ type: SignalDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_SIGNAL_RULE'], 404: ['SIGNAL_NOT_FOUND'] })
  update(@CurrentUser() user: Principal, @Param('id', signalId) id: string, @Body() body: UpdateSignalDto): Promise<SignalRuleView> {
    return this.commands.execute(new UpdateSignalRuleCommand(user.userId, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule and its firings' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems({ 404: ['SIGNAL_NOT_FOUND'] })
  async remove(@CurrentUser() user: Principal, @Param('id', signalId) id: string): Promise<void> {
    await this.commands.execute(new DeleteSignalRuleCommand(user.userId, id));
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'A rule\'s firings, newest first; cursor pagination' })
  @ApiOkResponse({ type: SignalFiringPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['SIGNAL_NOT_FOUND'] })
  events(@CurrentUser() user: Principal, @Param('id', signalId) id: string, @Query() query: SignalEventsQueryDto): Promise<SignalFiringPage> {
    return this.queries.execute(new ListSignalFiringsQuery(user.userId, id, query.limit ?? 50, query.cursor ? new Date(query.cursor) : null));
  }
}

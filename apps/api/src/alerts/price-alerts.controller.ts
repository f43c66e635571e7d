import { ApiKeyPermission } from '@lib/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { CancelPriceAlertCommand, CreatePriceAlertCommand, GetPriceAlertHistoryQuery, ListPriceAlertsQuery, PriceAlertsError, PriceAlertsErrorCode } from '@lib/price-alerts';
import type { AlertHistoryPage, AlertView } from '@lib/price-alerts';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AlertHistoryPageDto, AlertHistoryQueryDto, CreatePriceAlertDto, PriceAlertDto } from './price-alerts.dto';

/** An id that is not a uuid names no alert. */
const alertId = new ParseUUIDPipe({ exceptionFactory: () => new PriceAlertsError(PriceAlertsErrorCode.ALERT_NOT_FOUND, 'No such alert') });

/** The user's price alerts (docs/price-alerts.md); each is its owner's only (another user's is 404). */
@ApiTags('alerts')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
// Lists and alerts move no money: any key may manage them (READ).
@KeyPermission(ApiKeyPermission.READ)
@Controller({ version: '1' })
export class PriceAlertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('alerts')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a price alert',
    description:
      'Fires when the market\'s price (mark or last trade) or 24 h change reaches the condition; delivered once per crossing as an `alert` event on /user ' +
      '(unless settings.notifications.priceAlerts is off: then only recorded in the history). At most 50 active alerts per user.',
  })
  @ApiCreatedResponse({ type: PriceAlertDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_ALERT', 'INVALID_ALERT_EXPIRY'],
    404: ['MARKET_NOT_FOUND'],
    422: ['ALERT_LIMIT_REACHED', 'ALERT_PRICE_UNAVAILABLE'],
  })
  create(@CurrentUser() user: Principal, @Body() body: CreatePriceAlertDto): Promise<AlertView> {
    return this.commands.execute(
      new CreatePriceAlertCommand(user.userId, {
        symbol: body.symbol.toUpperCase(),
        condition: body.condition,
        ...(body.price !== undefined ? { price: body.price } : {}),
        ...(body.percent !== undefined ? { percent: body.percent } : {}),
        ...(body.source !== undefined ? { source: body.source } : {}),
        ...(body.recurring !== undefined ? { recurring: body.recurring } : {}),
        ...(body.expiresAt !== undefined ? { expiresAt: new Date(body.expiresAt) } : {}),
      }),
    );
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Your active alerts, oldest first' })
  @ApiOkResponse({ type: [PriceAlertDto] })
  list(@CurrentUser() user: Principal): Promise<AlertView[]> {
    return this.queries.execute(new ListPriceAlertsQuery(user.userId));
  }

  @Get('alerts/history')
  @ApiOperation({ summary: 'Your alerts\' firings and endings (FIRED, EXPIRED, CANCELLED), newest first; cursor pagination' })
  @ApiOkResponse({ type: AlertHistoryPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  history(@CurrentUser() user: Principal, @Query() query: AlertHistoryQueryDto): Promise<AlertHistoryPage> {
    return this.queries.execute(new GetPriceAlertHistoryQuery(user.userId, query.cursor, query.limit ?? 50));
  }

  @Delete('alerts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel an active alert' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiProblems({ 404: ['ALERT_NOT_FOUND'], 409: ['ALERT_NOT_ACTIVE'] })
  async cancel(@CurrentUser() user: Principal, @Param('id', alertId) id: string): Promise<void> {
    await this.commands.execute(new CancelPriceAlertCommand(user.userId, id));
  }
}

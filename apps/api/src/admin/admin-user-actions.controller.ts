import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthError, AuthErrorCode, GetUserQuery, Role } from '@lib/auth';
import type { Principal } from '@lib/auth';
import { ForceCancelOrdersCommand, ForceClosePositionsCommand } from '@lib/orders';
import type { ForceCancelResult, ForceCloseResult } from '@lib/orders';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ForceActionDto, ForceCancelResultDto, ForceCloseResultDto } from './admin-user-actions.dto';

/** A malformed id cannot name a user: same answer as an unknown one. */
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AuthError(AuthErrorCode.USER_NOT_FOUND, 'User not found') });

/** Forced actions on a user's trading (docs/operations.md, "Admin REST"), each audited in the turn that does it. */
@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/users', version: '1' })
export class AdminUserActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/cancel-orders')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel every open order of a user (one market or all)',
    description:
      'Open orders, untriggered conditional orders and the orders of order lists, each market in its turn through the normal cancel path: status ' +
      'CANCELED with reason ADMIN_CANCELED, holds released to the last unit, `order` events on the user\'s /user stream; what the user\'s order lists ' +
      'still had to place (a bracket\'s legs, an OTO\'s pending order) is never placed. Audited per market in the same transaction ' +
      '(ORDERS_FORCE_CANCELLED, target user:<id>, before/after, reason, request id); nothing to cancel is audited too. The account may trade again ' +
      'at once (suspend it to stop that). 503 MARKET_BUSY when a market stayed too busy after retries: the markets before it are done, call again.',
  })
  @ApiOkResponse({ type: ForceCancelResultDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['USER_NOT_FOUND', 'MARKET_NOT_FOUND'], 503: ['MARKET_BUSY', 'DATABASE_UNAVAILABLE'] })
  async cancelOrders(@CurrentUser() admin: Principal, @Param('id', uuid) id: string, @Body() body: ForceActionDto): Promise<ForceCancelResult> {
    await this.queries.execute(new GetUserQuery(id));
    return this.commands.execute(new ForceCancelOrdersCommand(admin.userId, id, body.reason, body.symbol));
  }

  @Post(':id/close-positions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a user\'s perpetual positions at market (one market or all)',
    description:
      'Each position in its market\'s turn: the user\'s orders on that market are cancelled (ADMIN_CANCELED), then a MARKET reduce-only order of the ' +
      'user closes the whole position, as POST /positions/:symbol/close and the kill switch do (price band, bankruptcy bound, fees, realized PnL), ' +
      'also for a suspended account; RISK_MAX_ORDER_NOTIONAL does not apply to this platform order. What the book cannot take within the band ' +
      'stays open (sizeAfter). Audited per position in the same transaction (POSITIONS_FORCE_CLOSED). A position that cannot be closed now ' +
      '(MARKET_HALTED, NO_MARK_PRICE, MARKET_BUSY) is listed in `failed`, not audited, and the others are still closed.',
  })
  @ApiOkResponse({ type: ForceCloseResultDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['USER_NOT_FOUND', 'MARKET_NOT_FOUND'], 503: ['DATABASE_UNAVAILABLE'] })
  async closePositions(@CurrentUser() admin: Principal, @Param('id', uuid) id: string, @Body() body: ForceActionDto): Promise<ForceCloseResult> {
    await this.queries.execute(new GetUserQuery(id));
    return this.commands.execute(new ForceClosePositionsCommand(admin.userId, id, body.reason, body.symbol));
  }
}

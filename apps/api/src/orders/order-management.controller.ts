import { ApiKeyPermission } from '@lib/auth';
import { Body, Controller, Delete, HttpCode, Logger, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { CancelOrderCommand, PlaceOrderCommand, SetCountdownCommand } from '@lib/orders';
import type { CountdownView, OrderView, PlacedOrderView } from '@lib/orders';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, KeyPermission } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import type { ProblemDetails } from '../http/problem-details';
import { toProblem } from '../http/problem-details.mapper';
import {
  BATCH_MAX,
  BatchCancelOrdersDto,
  BatchCancelResponseDto,
  BatchPlaceOrdersDto,
  BatchPlaceResponseDto,
  CountdownCancelAllDto,
  CountdownDto,
  countdownMsOf,
} from './order-management.dto';

/** One answer of a batch: what the single route would have answered for that item. */
export type BatchResult<T> = { status: number; order: T } | { status: number; problem: ProblemDetails };

/**
 * Order management beyond one order (docs/orders.md): the dead-man's switch
 * and batches of places and cancels. A batch runs its items one after the
 * other, each as the single route runs it, and answers each on its own
 * (the status and body that route would have given), in request order: one
 * bad item never fails the others nor the request. Static paths: Fastify
 * matches `/orders/batch` before the parametric `/orders/:id` whatever the
 * order of registration.
 */
@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@KeyPermission(ApiKeyPermission.TRADE)
@Controller({ version: '1' })
export class OrderManagementController {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly commands: CommandBus) {}

  @Post('orders/countdown-cancel-all')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'countdownCancelAll',
    summary: 'Dead-man\'s switch: cancel all open orders (of one market or all) unless this call is repeated within countdownMs',
    description:
      'Arms a countdown (on the server\'s database clock, so it survives a restart of the server): when it runs out, every open order of yours ' +
      'in `symbol` (absent: in every market) is cancelled with the reason COUNTDOWN_EXPIRED and its hold released, as DELETE /orders would. ' +
      'Send the call again (a heartbeat) to reset the countdown; `countdownMs: 0` turns it off. The all-markets countdown and each market\'s ' +
      'are separate. countdownMs: 0, or 1000 to 600000 ms. It fires within COUNTDOWN_POLL_MS (250 ms) of the deadline.',
  })
  @ApiOkResponse({ type: CountdownDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['MARKET_NOT_FOUND'] })
  countdownCancelAll(@CurrentUser() user: Principal, @Body() body: CountdownCancelAllDto): Promise<CountdownView> {
    return this.commands.execute(new SetCountdownCommand(user.userId, body.symbol, countdownMsOf(body.countdownMs)!));
  }

  @Post('orders/batch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'placeOrderBatch',
    summary: `Place 1 to ${BATCH_MAX} orders; each is answered on its own, in request order`,
    description:
      'Each order is placed as POST /orders places it (same checks, holds, codes; no Idempotency-Key: give each order a clientOrderId to ' +
      'retry safely), one after the other in the order given, so your orders rest in the book in that order and each sees the holds of ' +
      'those before it. The answer is 200 with one result per order: `{status: 201, order}` (200 when its clientOrderId names the same ' +
      'order already) or `{status, problem}` with the problem POST /orders would have answered. A malformed body (not 1 to 10 orders, a ' +
      'field of an order missing or of the wrong type) is a 400 for the whole request, and nothing is placed.',
  })
  @ApiOkResponse({ type: BatchPlaceResponseDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async placeBatch(@CurrentUser() user: Principal, @Body() body: BatchPlaceOrdersDto, @Req() request: FastifyRequest): Promise<{ results: BatchResult<PlacedOrderView>[] }> {
    const results: BatchResult<PlacedOrderView>[] = [];
    for (const order of body.orders) {
      results.push(
        await this.settle(request, async () => {
          const outcome = await this.commands.execute(new PlaceOrderCommand({ userId: user.userId, ...order }));
          if (outcome.kind !== 'placed') throw new Error(`a place without an Idempotency-Key answered ${outcome.kind}`);
          return { status: outcome.result.created ? 201 : 200, order: outcome.result.order };
        }),
      );
    }
    return { results };
  }

  @Delete('orders/batch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelOrderBatch',
    summary: `Cancel 1 to ${BATCH_MAX} orders by id; each is answered on its own, in request order`,
    description:
      'Each id is cancelled as DELETE /orders/{id} cancels it, one after the other: `{status: 200, order}` or `{status, problem}` (404 ' +
      'ORDER_NOT_FOUND for an id that is not one of your orders, 409 ORDER_NOT_OPEN for an order already ended). Ids only: cancel by ' +
      'clientOrderId with DELETE /orders/{id} (a clientOrderId "batch" cannot be cancelled through that path, which this route takes).',
  })
  @ApiOkResponse({ type: BatchCancelResponseDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async cancelBatch(@CurrentUser() user: Principal, @Body() body: BatchCancelOrdersDto, @Req() request: FastifyRequest): Promise<{ results: BatchResult<OrderView>[] }> {
    const results: BatchResult<OrderView>[] = [];
    for (const id of body.ids) {
      results.push(await this.settle(request, async () => ({ status: 200, order: await this.commands.execute(new CancelOrderCommand(user.userId, id)) })));
    }
    return { results };
  }

  /** The item's answer, or its error as the problem the single route would have answered (an unexpected one logged, as the filter does). */
  private async settle<T>(request: FastifyRequest, run: () => Promise<{ status: number; order: T }>): Promise<BatchResult<T>> {
    try {
      return await run();
    } catch (error) {
      const { problem, unexpected } = toProblem(error, request.url.split('?')[0] ?? request.url, request.id);
      if (unexpected) this.logger.error(error instanceof Error ? error : String(error));
      return { status: problem.status, problem };
    }
  }
}

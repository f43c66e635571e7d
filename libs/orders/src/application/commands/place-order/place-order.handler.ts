import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { AppConfig, IdempotencyStore, IdempotentRequest } from '@lib/platform';
import { GetAvailableBalanceQuery, UserAccountKind } from '@lib/wallet';
import { OrdersError, OrdersErrorCode } from '../../../domain';
import { PlaceAnswer, PlaceOrder, accountOf, decidePerpPlace, decidePlace } from '../../deciders';
import { GetOrderQuery } from '../../queries/get-order/get-order.query';
import { MarketSpecs, OrderRepository, PreTradeRisk } from '../../ports';
import { MarketTurns, TurnCommand, TurnResult } from '../../turns';
import { PlaceOrderOutcome, PlacedOrderView } from '../../views';
import { PlaceOrderCommand, PlaceOrderInput } from './place-order.command';
import { OrderRepeats, flightOf, sharedAnswer } from './order-repeats';
import { checkPlaceOrder, lastTradePrice } from './check-place-order';
import { SingleFlight } from './single-flight';

/**
 * Places an order: the user's share of the market, duplicates collapsed onto
 * the first, a repeated Idempotency-Key or clientOrderId answered before any
 * other check, then the checks that need no book (the market, the numbers,
 * the band), then the market's turn decides it (decidePlace).
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly orders: OrderRepository,
    private readonly queries: QueryBus,
    private readonly idempotency: IdempotencyStore,
    private readonly config: AppConfig,
    private readonly risk: PreTradeRisk,
  ) {}

  /** Commands in flight per (user, clientOrderId) and (user, Idempotency-Key): duplicates wait for the first. */
  private readonly inFlight = new SingleFlight<PlaceOrderOutcome>();
  private readonly repeats = new OrderRepeats(this.specs, this.idempotency, (userId, orderId) => this.existing(userId, orderId));

  async execute(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const { input, idempotency } = command;
    // The user's share of the market first, duplicates included: however many they keep in flight, their
    // commands start at most ORDERS_MAX_QUEUED_PER_USER at a time (and per window), the rest wait at no cost.
    const admission = await this.turns.admit(input.symbol, input.userId);
    try {
      // Duplicates collapse onto the first: they never take a place of their own in the lane.
      const { keys, fingerprint } = flightOf(command);
      const outcome = await this.inFlight.run(keys, fingerprint, () => this.placeOnce(command, admission.ahead), (first) => sharedAnswer(first, idempotency !== undefined));
      admission.release();
      return outcome;
    } catch (error) {
      // A refusal holds the user's place longer: one whose orders are refused slows down, the others do not.
      admission.release(true);
      throw error;
    }
  }

  private async placeOnce(command: PlaceOrderCommand, ahead: number): Promise<PlaceOrderOutcome> {
    const { input } = command;
    const request = keyOf(command);
    if (request) {
      // A repeat replays its first answer even if the checks below would now refuse it (funds spent by that very order).
      const previous = await this.idempotency.find(request);
      if (previous?.kind === 'key-reused') return previous;
      if (previous?.kind === 'replayed') return { kind: 'replayed', statusCode: previous.response.statusCode, body: previous.response.body };
    }
    if (input.clientOrderId !== undefined) {
      // Decided before any other check: a retry learns what its first attempt did, even on a market halted since.
      const existing = await this.orders.findByClientOrderId(input.userId, input.clientOrderId);
      if (existing) return this.repeats.answer(command, existing);
    }
    const order = await this.check(input);
    this.turns.assertNotBusy(order.spec.symbol);
    // A user with orders already pending here is paying for each one with a place in the queue: one they
    // cannot pay for is refused now, on the committed balance, instead of in the lane (a batch re-checks anyway).
    const perp = order.spec.kind === 'PERPETUAL';
    if (ahead > 0 && order.hold !== null && !perp) {
      await this.queries.execute(new GetAvailableBalanceQuery(input.userId, UserAccountKind.SPOT, order.holdAsset, order.hold));
    }
    const turn: TurnCommand<PlaceAnswer> = {
      spec: order.spec,
      needs: {
        openOrdersOf: input.userId,
        funds: { userId: input.userId, account: accountOf(order.spec), asset: order.holdAsset },
        ...(perp ? { margin: { userId: input.userId, asset: order.spec.quote } } : {}),
        ...(input.clientOrderId !== undefined ? { clientOrderId: { userId: input.userId, clientOrderId: input.clientOrderId } } : {}),
      },
      decide: (market, facts) => (perp ? decidePerpPlace(order, market, facts) : decidePlace(order, market, facts)),
      // A repeat found in the turn binds the key itself (OrderRepeats), with the existing order.
      ...(request ? { idempotency: { request, response: (a: PlaceAnswer) => (a.kind === 'placed' ? { statusCode: 201, body: JSON.stringify(a.order) } : null) } } : {}),
    };
    try {
      return await this.outcomeOf(command, await this.turns.run(turn));
    } catch (error) {
      // The same clientOrderId raced in from another market or instance (the unique key): the order that won decides.
      if (error instanceof OrdersError && error.code === OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT && input.clientOrderId !== undefined) {
        const existing = await this.orders.findByClientOrderId(input.userId, input.clientOrderId);
        if (existing) return this.repeats.answer(command, existing);
      }
      throw error;
    }
  }

  private async outcomeOf(command: PlaceOrderCommand, result: TurnResult<PlaceAnswer>): Promise<PlaceOrderOutcome> {
    switch (result.kind) {
      case 'key-reused':
        return result;
      case 'replayed':
        return { kind: 'replayed', statusCode: result.response.statusCode, body: result.response.body };
      case 'decided':
        if (result.answer.kind === 'placed') return { kind: 'placed', result: { created: true, order: result.answer.order } };
        // Committed since the lookup before the turn (another instance): answered as a repeat found before it.
        return this.repeats.answer(command, result.answer.existing);
    }
  }

  /** The numbers, type and time in force, then the risk context's pre-trade stage: everything that needs no turn. */
  private check(input: PlaceOrderInput): Promise<PlaceOrder> {
    return checkPlaceOrder(this.specs, this.risk, input, this.config.orders.maxOpenOrdersPerUser, (symbol) => lastTradePrice(this.orders, symbol));
  }

  /** An existing order in its own market's units, with its fills: what GET /orders/:id answers. */
  private existing(userId: string, orderId: string): Promise<PlacedOrderView> {
    return this.queries.execute(new GetOrderQuery(userId, orderId));
  }
}

function keyOf({ input, idempotency }: PlaceOrderCommand): IdempotentRequest | undefined {
  return idempotency ? { scope: input.userId, ...idempotency } : undefined;
}

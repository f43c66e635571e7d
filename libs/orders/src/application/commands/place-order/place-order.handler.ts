import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { AppConfig, IdempotencyStore } from '@lib/platform';
import { Bucket, GetAvailableBalanceQuery, LedgerEntryInput, LedgerEntryType, UserAccountKind, userAccount } from '@lib/wallet';
import {
  MarketSpec,
  Order,
  OrderReason,
  OrderStatus,
  OrderType,
  OrdersError,
  OrdersErrorCode,
  Side,
  TimeInForce,
  assertInBand,
  assertOrderShape,
  marketBuyHold,
  protectionPrice,
} from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { Answer, MarketTurns, Turn } from '../../market-turns';
import { MatchingPass } from '../../matching-pass';
import { GetOrderQuery } from '../../queries/get-order/get-order.query';
import { MarketSpecs, OrderRepository } from '../../ports';
import { PlaceOrderOutcome, PlaceOrderResult, PlacedOrderView } from '../../views';
import { PlaceOrderCommand, PlaceOrderInput } from './place-order.command';
import { OrderRepeats, clientOrderIdConflict, flightOf, sharedAnswer } from './order-repeats';
import { isSameOrder } from './same-order';
import { SingleFlight } from './single-flight';

/** What is decided before the market's turn: no book, no lock. */
interface Checked {
  readonly spec: MarketSpec;
  readonly price: bigint | null;
  /** The limit, or a market order's protection price (the band's edge). */
  readonly limit: bigint;
  readonly quantity: bigint;
  readonly timeInForce: TimeInForce;
  readonly holdAsset: string;
  /** The hold of a limit order or a sell; a market buy's depends on the book. */
  readonly hold: bigint | null;
}

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly orders: OrderRepository,
    private readonly pass: MatchingPass,
    private readonly queries: QueryBus,
    private readonly idempotency: IdempotencyStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
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
    if (command.idempotency) {
      // A repeat replays its first answer even if the checks below would now refuse it (funds spent by that very order).
      const previous = await this.idempotency.find({ scope: input.userId, ...command.idempotency });
      if (previous?.kind === 'key-reused') return previous;
      if (previous?.kind === 'replayed') return { kind: 'replayed', statusCode: previous.response.statusCode, body: previous.response.body };
    }
    if (input.clientOrderId !== undefined) {
      // Decided before any other check: a retry learns what its first attempt did, even on a market halted since.
      const existing = await this.orders.findByClientOrderId(input.userId, input.clientOrderId);
      if (existing) return this.repeats.answer(command, existing);
    }
    const checked = await this.check(input);
    this.turns.assertNotBusy(checked.spec.symbol);
    // A user with orders already pending here is paying for each one with a place in the queue: one they
    // cannot pay for is refused now, on the committed balance, instead of in the lane (a batch re-checks anyway).
    if (ahead > 0 && checked.hold !== null) {
      await this.queries.execute(new GetAvailableBalanceQuery(input.userId, UserAccountKind.SPOT, checked.holdAsset, checked.hold));
    }
    try {
      return await this.turns.run(
        checked.spec.symbol,
        async (turn): Promise<Answer<PlaceOrderOutcome>> => {
          // Every refusal that needs no write comes first: a refused order leaves the batch as it was.
          let ready: ReturnType<PlaceOrderHandler['readyToPlace']>;
          try {
            ready = this.readyToPlace(input, checked, turn);
          } catch (refusal) {
            // A retried key whose first order committed after the read above (another instance placed it meanwhile):
            // the refusal may rest on that very order (its funds, its open-order slot). Replay its answer instead.
            const previous = command.idempotency ? await this.idempotency.find({ scope: input.userId, ...command.idempotency }) : undefined;
            if (previous?.kind === 'key-reused') return () => previous;
            if (previous?.kind === 'replayed') return () => ({ kind: 'replayed', statusCode: previous.response.statusCode, body: previous.response.body });
            throw refusal;
          }
          if (!command.idempotency) {
            const placed = ready.kind === 'existing' ? ready.answer : this.place(input, checked, turn, ready.hold);
            return async () => ({ kind: 'placed', result: await placed() });
          }
          const request = { scope: input.userId, ...command.idempotency };
          const claimed = await this.idempotency.claimOrFind(request);
          if (claimed.kind === 'key-reused') return () => claimed;
          if (claimed.kind !== 'claimed') return () => ({ kind: 'replayed', statusCode: claimed.response.statusCode, body: claimed.response.body });
          // The claim is written: a failure from here on takes this order out of the batch (rolled back), never half-kept.
          turn.wroteToDatabase();
          const placed = ready.kind === 'existing' ? ready.answer : this.place(input, checked, turn, ready.hold);
          return async () => {
            const result = await placed();
            await this.idempotency.complete(request, { statusCode: result.created ? 201 : 200, body: JSON.stringify(result.order) });
            return { kind: 'placed', result };
          };
        },
        {
          countOpenOf: input.userId,
          funds: { userId: input.userId, account: UserAccountKind.SPOT, asset: checked.holdAsset },
          ...(input.clientOrderId !== undefined ? { clientOrderId: { userId: input.userId, clientOrderId: input.clientOrderId } } : {}),
        },
      );
    } catch (error) {
      // The same clientOrderId raced in from another market or instance (the unique key): the order that won decides.
      if (error instanceof OrdersError && error.code === OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT && input.clientOrderId !== undefined) {
        const existing = await this.orders.findByClientOrderId(input.userId, input.clientOrderId);
        if (existing) return this.repeats.answer(command, existing);
      }
      throw error;
    }
  }

  /** The market, the numbers, type and time in force, the band: everything that needs no turn. */
  private async check(input: PlaceOrderInput): Promise<Checked> {
    const spec = await this.specs.get(input.symbol);
    if (spec.kind !== 'SPOT') throw new OrdersError(OrdersErrorCode.MARKET_NOT_SPOT, `${spec.symbol} is not a spot market`);
    if (spec.status === 'HALTED') throw new OrdersError(OrdersErrorCode.MARKET_HALTED, `${spec.symbol} is halted`);
    if (spec.status === 'CLOSE_ONLY' && input.side === Side.BUY) {
      throw new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only sell orders (close-only)`);
    }
    const quantity = parseQuantity(spec, input.quantity);
    let price: bigint | null = null;
    let timeInForce: TimeInForce;
    if (input.type === OrderType.LIMIT) {
      if (input.price === undefined) throw new OrdersError(OrdersErrorCode.PRICE_REQUIRED, 'A LIMIT order needs a price');
      price = parsePrice(spec, input.price);
      timeInForce = input.timeInForce ?? TimeInForce.GTC;
    } else {
      if (input.price !== undefined) throw new OrdersError(OrdersErrorCode.PRICE_NOT_ALLOWED, 'A MARKET order takes no price');
      timeInForce = input.timeInForce ?? TimeInForce.IOC;
      if (timeInForce !== TimeInForce.IOC && timeInForce !== TimeInForce.FOK) {
        throw new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'A MARKET order is IOC or FOK');
      }
    }
    // Read before the turn: a turn never waits on the market context (its cache may reload from the database).
    const mark = await this.specs.markPrice(spec);
    if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
    if (price !== null) assertInBand(spec, price, mark);
    assertOrderShape(spec, price, quantity, mark);
    const limit = price ?? protectionPrice(spec, input.side, mark);
    const holdAsset = input.side === Side.BUY ? spec.quote : spec.base;
    const hold = input.side === Side.SELL || price !== null ? Order.worstCaseHold(spec, input.side, limit, quantity, spec) : null;
    return { spec, price, limit, quantity, timeInForce, holdAsset, hold };
  }

  /**
   * In the turn, before anything changes: the order this clientOrderId already
   * names, or the hold, once the open-order limit, the funds (what the batch
   * read, less its earlier holds) and POST_ONLY have been checked.
   */
  private readyToPlace(
    input: PlaceOrderInput,
    checked: Checked,
    turn: Turn,
  ): { kind: 'existing'; answer: Answer<PlaceOrderResult> } | { kind: 'new'; hold: bigint } {
    const { spec, quantity, timeInForce, holdAsset } = checked;
    const existing = input.clientOrderId === undefined ? undefined : turn.orderNamed(input.userId, input.clientOrderId);
    if (existing !== undefined) {
      // Committed since the lookup before the turn (another instance): the same rule, on what the batch read.
      if (!isSameOrder(spec, input, existing)) throw clientOrderIdConflict(input.clientOrderId!, existing.symbol);
      return { kind: 'existing', answer: async () => ({ created: false, order: await this.existing(input.userId, existing.id) }) };
    }
    // Only orders that can rest count against the limit: a user at the limit can still trade out (IOC, FOK, MARKET).
    const limit = this.config.orders.maxOpenOrdersPerUser;
    const canRest = input.type === OrderType.LIMIT && (timeInForce === TimeInForce.GTC || timeInForce === TimeInForce.POST_ONLY);
    if (canRest && turn.openOrderCount(input.userId) >= limit) {
      throw new OrdersError(OrdersErrorCode.TOO_MANY_OPEN_ORDERS, `At most ${limit} open orders per user`, { limit });
    }
    const hold =
      checked.hold ?? marketBuyHold(spec, turn.book, { ownerId: input.userId, quantity, timeInForce, protectionPrice: checked.limit, rates: spec });
    turn.funds!.assertCovers({ userId: input.userId, account: UserAccountKind.SPOT, asset: holdAsset }, hold);
    if (timeInForce === TimeInForce.POST_ONLY) {
      const opposite = input.side === Side.BUY ? turn.book.bestAsk() : turn.book.bestBid();
      if (opposite && (input.side === Side.BUY ? opposite.price <= checked.limit : opposite.price >= checked.limit)) throw rejection(OrderReason.POST_ONLY_WOULD_TAKE);
    }
    return { kind: 'new', hold };
  }

  /** Places the order on the book and stages its pass; the answer is ready once the batch is written. */
  private place(input: PlaceOrderInput, checked: Checked, turn: Turn, hold: bigint): Answer<PlaceOrderResult> {
    const { spec, quantity, timeInForce, holdAsset } = checked;
    const fundsRef = { userId: input.userId, account: UserAccountKind.SPOT, asset: holdAsset };
    const id = newId();
    const now = this.clock.now();
    const result = turn.book.place({ id, ownerId: input.userId, side: input.side, type: input.type, price: checked.limit, quantity, timeInForce });
    // A refusal leaves the book as it was: nothing to undo.
    if (result.rejected !== null) throw rejection(result.rejected);
    turn.bookChanged = true;
    turn.funds!.take(fundsRef, hold);
    const order = new Order({
      id,
      userId: input.userId,
      symbol: spec.symbol,
      side: input.side,
      type: input.type,
      timeInForce,
      price: checked.price,
      quantity,
      filledQuantity: 0n,
      takerQuote: 0n,
      makerQuote: 0n,
      feePaid: 0n,
      status: OrderStatus.NEW,
      reason: null,
      priority: result.order!.sequence,
      clientOrderId: input.clientOrderId ?? null,
      holdAsset,
      holdRemaining: hold,
      makerFeePpm: spec.makerFeePpm,
      takerFeePpm: spec.takerFeePpm,
      createdAt: now,
      updatedAt: now,
    });
    const account = userAccount(input.userId, UserAccountKind.SPOT, holdAsset);
    const holdEntry: LedgerEntryInput[] =
      hold > 0n
        ? [{ type: LedgerEntryType.HOLD, reference: `order:${id}:hold`, postings: [{ account, bucket: Bucket.AVAILABLE, amount: -hold }, { account, bucket: Bucket.LOCKED, amount: hold }] }]
        : [];
    const pass = this.pass.apply(turn, spec, result, order, true, holdEntry);
    return () => ({ created: true, order: { ...pass.view, fills: pass.subjectFills() } });
  }

  /** An existing order in its own market's units, with its fills: what GET /orders/:id answers. */
  private existing(userId: string, orderId: string): Promise<PlacedOrderView> {
    return this.queries.execute(new GetOrderQuery(userId, orderId));
  }
}

function rejection(reason: OrderReason): OrdersError {
  switch (reason) {
    case OrderReason.POST_ONLY_WOULD_TAKE:
      return new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; it would have matched at once');
    case OrderReason.INVALID_PRICE:
      return new OrdersError(OrdersErrorCode.INVALID_PRICE, 'Invalid price');
    case OrderReason.INVALID_QUANTITY:
      return new OrdersError(OrdersErrorCode.INVALID_QUANTITY, 'Invalid quantity');
    case OrderReason.INVALID_TIME_IN_FORCE:
      return new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'Invalid time in force for this order type');
    default:
      return new OrdersError(OrdersErrorCode.INVALID_AMEND, `Order refused: ${reason}`);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, formatUnits } from '@lib/kernel';
import { AuditLog, AppConfig } from '@lib/platform';
import { PositionRecord, PositionRepository } from '@lib/positions';
import { UserAccountKind } from '@lib/wallet';
import { MarketSpec, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce, marketRefusal, protectionPrice } from '../../../domain';
import { ForceCloseAnswer, PlaceOrder, decideForceClose } from '../../deciders';
import { MarketSpecs } from '../../ports';
import { Decision, Facts, MarketTurns, MarketView, answerOf } from '../../turns';
import { ForceCloseFailureView, ForceCloseResult, ForceClosedPositionView } from '../../views';
import { retryWhileBusy } from '../market-busy-retry';
import { ForceClosePositionsCommand } from './force-close-positions.command';

export const POSITIONS_FORCE_CLOSED = 'POSITIONS_FORCE_CLOSED';

/**
 * An admin's forced close, position by position, each in its market's turn
 * (decideForceClose: the user's orders there cancelled, then a MARKET
 * reduce-only order for the whole position, forced past a suspension), its
 * audit entry in the same transaction. The order is checked as a liquidation
 * step's is: the market must not be HALTED (CLOSE_ONLY takes it) and must
 * have a mark (the band's edge is its limit); RISK_MAX_ORDER_NOTIONAL, a
 * user's limit, does not apply to the platform's close. A position that
 * cannot be closed is answered in `failed` with its code; the others go on.
 */
@CommandHandler(ForceClosePositionsCommand)
export class ForceClosePositionsHandler implements ICommandHandler<ForceClosePositionsCommand> {
  constructor(
    private readonly positions: PositionRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async execute(command: ForceClosePositionsCommand): Promise<ForceCloseResult> {
    if (command.symbol !== undefined) await this.specs.get(command.symbol);
    const requestId = this.audit.currentRequestId();
    const rows = ((await this.positions.ofUsers([command.userId])).get(command.userId) ?? [])
      .filter((r) => r.position.size !== 0n && (command.symbol === undefined || r.symbol === command.symbol))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    const closed: ForceClosedPositionView[] = [];
    const failed: ForceCloseFailureView[] = [];
    for (const row of rows) {
      try {
        closed.push(await retryWhileBusy(() => this.close(command, row, requestId)));
      } catch (error) {
        // A refusal (halted, no mark, busy, closed meanwhile) is this position's answer; anything else is the request's.
        if (!(error instanceof DomainError)) throw error;
        failed.push({ symbol: row.symbol, code: error.code, message: error.message });
      }
    }
    if (rows.length === 0) {
      await this.audit.append({ ...entry(command, requestId), before: { symbol: command.symbol ?? null, positions: 0 }, after: { symbol: command.symbol ?? null, closed: [] } });
    }
    return { closed, failed };
  }

  private async close(command: ForceClosePositionsCommand, row: PositionRecord, requestId: string | null): Promise<ForceClosedPositionView> {
    const spec = await this.specs.get(row.symbol);
    const side = row.position.size > 0n ? Side.SELL : Side.BUY;
    const refusal = marketRefusal(spec, side, 'place', true);
    if (refusal) throw refusal;
    const mark = await this.specs.markPrice(spec);
    if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
    const order = closeOrder(spec, command.userId, side, protectionPrice(spec, side, mark), this.config.orders.maxOpenOrdersPerUser);
    const turn = await this.turns.run({
      spec,
      needs: { openOrdersOf: command.userId, funds: { userId: command.userId, account: UserAccountKind.MARGIN, asset: spec.quote }, margin: { userId: command.userId, asset: spec.quote } },
      decide: (market, facts) => this.decide(command, order, requestId, market, facts),
    });
    return viewOf(spec, answerOf(turn));
  }

  private decide(command: ForceClosePositionsCommand, order: PlaceOrder, requestId: string | null, market: MarketView, facts: Facts): Decision<ForceCloseAnswer> {
    const decision = decideForceClose(order, market, facts);
    if (decision.kind !== 'accepted') return decision;
    const { spec } = order;
    const answer = decision.answer([]);
    const placed = answer.order;
    const before = { symbol: spec.symbol, side: answer.sizeBefore > 0n ? 'LONG' : 'SHORT', size: size(spec, answer.sizeBefore), openOrders: answer.cancelled.length };
    const after = { symbol: spec.symbol, size: size(spec, answer.sizeAfter), closed: placed.filledQuantity, averagePrice: placed.averagePrice, orderId: placed.id, orderStatus: placed.status, cancelledOrderIds: answer.cancelled.map((o) => o.id) };
    // In the batch's transaction, after the ledger's locks.
    return { ...decision, writeLast: () => this.audit.append({ ...entry(command, requestId), before, after }) };
  }
}

/** A MARKET reduce-only IOC on the closing side, its limit the band's edge: its quantity is the position's when its turn comes. */
function closeOrder(spec: MarketSpec, userId: string, side: Side, limit: bigint, maxOpenOrders: number): PlaceOrder {
  return {
    spec,
    userId,
    side,
    type: OrderType.MARKET,
    timeInForce: TimeInForce.IOC,
    price: null,
    limit,
    quantity: spec.stepSize,
    clientOrderId: null,
    reduceOnly: true,
    holdAsset: spec.quote,
    hold: null,
    maxOpenOrders,
    sameAs: () => false,
    trigger: null,
    goodTill: null,
  };
}

function viewOf(spec: MarketSpec, answer: ForceCloseAnswer): ForceClosedPositionView {
  return {
    symbol: spec.symbol,
    side: answer.sizeBefore > 0n ? 'LONG' : 'SHORT',
    sizeBefore: size(spec, answer.sizeBefore),
    sizeAfter: size(spec, answer.sizeAfter),
    cancelledOrderIds: answer.cancelled.map((o) => o.id),
    order: answer.order,
  };
}

/** A signed size as an unsigned decimal (the side says which). */
function size(spec: MarketSpec, units: bigint): string {
  return formatUnits(units < 0n ? -units : units, spec.quantityScale);
}

function entry(command: ForceClosePositionsCommand, requestId: string | null) {
  return { actorId: command.actorId, action: POSITIONS_FORCE_CLOSED, target: `user:${command.userId}`, reason: command.reason, requestId };
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@lib/platform';
import { MarketSpec } from '../../../domain';
import { ADMIN_CANCELED_REASON, decideCancelAll } from '../../deciders';
import { MarketSpecs, OrderRepository } from '../../ports';
import { OrderListRepository } from '../../ports/order-list.repository.port';
import { Decision, Facts, MarketTurns, MarketView, answerOf } from '../../turns';
import { ForceCancelResult, OrderView } from '../../views';
import { retryWhileBusy } from '../market-busy-retry';
import { ForceCancelOrdersCommand } from './force-cancel-orders.command';

export const ORDERS_FORCE_CANCELLED = 'ORDERS_FORCE_CANCELLED';

/**
 * An admin's forced cancel, market by market, each in its market's turn
 * (decideCancelAll, as DELETE /orders, with the reason ADMIN_CANCELED): the
 * orders, their released holds and their events commit with the audit entry
 * of that market and with the stop of the user's lists there (what a bracket
 * or an OTO had still to place is never placed). A market refused as busy is
 * tried again. Nothing to cancel anywhere is still recorded, in one entry.
 */
@CommandHandler(ForceCancelOrdersCommand)
export class ForceCancelOrdersHandler implements ICommandHandler<ForceCancelOrdersCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly lists: OrderListRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: ForceCancelOrdersCommand): Promise<ForceCancelResult> {
    if (command.symbol !== undefined) await this.specs.get(command.symbol);
    // Read here: the turns run in a context of their own.
    const requestId = this.audit.currentRequestId();
    const open = await this.orders.openIdsOfUser(command.userId, command.symbol);
    const pending = await this.lists.pendingOfUser(command.userId, command.symbol);
    const symbols = [...new Set([...open, ...pending].map((o) => o.symbol))].sort();
    const cancelled: OrderView[] = [];
    for (const symbol of symbols) {
      const spec = await this.specs.get(symbol);
      // As the market is now: only what is still open, and what opened since the read above.
      const turn = () => this.turns.run({ spec, needs: {}, decide: (market, facts) => this.decide(spec, command, requestId, market, facts) });
      cancelled.push(...answerOf(await retryWhileBusy(turn)));
    }
    if (symbols.length === 0) {
      await this.audit.append({ ...this.entry(command, requestId), before: { symbol: command.symbol ?? null, openOrders: 0 }, after: { symbol: command.symbol ?? null, cancelledOrderIds: [] } });
    }
    return { cancelled: cancelled.length, orderIds: cancelled.map((o) => o.id) };
  }

  private decide(spec: MarketSpec, command: ForceCancelOrdersCommand, requestId: string | null, market: MarketView, facts: Facts): Decision<OrderView[]> {
    const before = { symbol: spec.symbol, openOrders: market.openOrdersOf(command.userId).length, untriggeredOrders: market.untriggeredOf(command.userId).length };
    const decision = decideCancelAll(spec, command.userId, ADMIN_CANCELED_REASON, market, facts);
    if (decision.kind !== 'accepted') return decision;
    const cancelledOrderIds = decision.orders.map((o) => o.order.state.id);
    let listsStopped: string[] = [];
    // In the batch's transaction, with the cancels: the lists stop, and the entry (after the ledger's locks) records it all.
    return {
      ...decision,
      write: async () => {
        listsStopped = await this.lists.stopPendingOfUser(command.userId, spec.symbol);
        return null;
      },
      writeLast: () => this.audit.append({ ...this.entry(command, requestId), before, after: { symbol: spec.symbol, openOrders: 0, untriggeredOrders: 0, cancelledOrderIds, listsStopped } }),
    };
  }

  private entry(command: ForceCancelOrdersCommand, requestId: string | null) {
    return { actorId: command.actorId, action: ORDERS_FORCE_CANCELLED, target: `user:${command.userId}`, reason: command.reason, requestId };
  }
}

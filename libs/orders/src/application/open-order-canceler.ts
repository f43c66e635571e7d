import { Injectable } from '@nestjs/common';
import { MarketSpec, Order } from '../domain';
import { MatchingPass } from './matching-pass';
import { Turn } from './turn';
import { OrderView } from './views';

/** Cancels open orders of one market in the market's turn: out of the book, hold released, events staged. */
@Injectable()
export class OpenOrderCanceler {
  constructor(private readonly pass: MatchingPass) {}

  /** `reason`: what the orders end with instead of the engine's CANCELED_BY_REQUEST. */
  cancel(spec: MarketSpec, turn: Turn, orders: readonly Order[], reason?: string): OrderView[] {
    const passes = [];
    for (const order of orders) {
      turn.bookChanged = true;
      const result = turn.book.cancel(order.state.id);
      // Not in the book although open in memory would be a broken cache: the failed batch rebuilds it.
      if (result.rejected !== null) throw new Error(`order ${order.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
      passes.push({ result, order });
    }
    return this.pass.applyCancels(turn, spec, passes, reason);
  }
}

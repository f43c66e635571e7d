import { Order } from '../domain';

/**
 * A market's open orders by id, indexed by owner too: a decider asks for one
 * user's orders on every perpetual order and after every pass that moves a
 * position, which must not walk the whole book's orders.
 */
export class OpenOrders extends Map<string, Order> {
  private index?: Map<string, Map<string, Order>>;

  override set(id: string, order: Order): this {
    const before = super.get(id);
    if (before) this.unindex(id, before);
    super.set(id, order);
    const byUser = (this.index ??= new Map());
    const mine = byUser.get(order.state.userId) ?? new Map<string, Order>();
    mine.set(id, order);
    byUser.set(order.state.userId, mine);
    return this;
  }

  override delete(id: string): boolean {
    const before = super.get(id);
    if (before) this.unindex(id, before);
    return super.delete(id);
  }

  override clear(): void {
    this.index?.clear();
    super.clear();
  }

  /** The user's open orders (in no particular order). */
  ofUser(userId: string): Order[] {
    return [...(this.index?.get(userId)?.values() ?? [])];
  }

  private unindex(id: string, order: Order): void {
    const mine = this.index?.get(order.state.userId);
    mine?.delete(id);
    if (mine?.size === 0) this.index!.delete(order.state.userId);
  }
}

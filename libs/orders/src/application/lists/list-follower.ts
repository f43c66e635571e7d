import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { formatUnits } from '@lib/kernel';
import { CoalescedRun, AppConfig, LeadershipService, LeasedLoop, OutboxRelay } from '@lib/platform';
import { ListKind, ListRole, MarketSpec, OrderStatus } from '../../domain';
import { checkPlaceOrder, lastTradePrice } from '../commands/place-order/check-place-order';
import { PlaceOrder, accountOf } from '../deciders';
import { ORDER_UPDATED } from '../event-contracts';
import { MarketSpecs, OrderRepository, PreTradeRisk, StoredOrder } from '../ports';
import { OrderListRepository } from '../ports/order-list.repository.port';
import { MarketTurns, TurnCommand, answerOf } from '../turns';
import { decideGrowLegs, decidePlaceLater } from './decide-follow-list';
import { ListCloser } from './list-closer';
import { ListTemplate, StoredList } from './order-list';

export const LISTS_LEASE = 'orders.lists';
const EVERY_MS = 250;
/** Every executing list is looked at, a page at a time, at least this often per page (a safety net: events name the lists that moved). */
const SWEEP_EVERY_MS = 2_000;
const LISTS_PER_PAGE = 500;

const live = (o: StoredOrder) => o.status === OrderStatus.UNTRIGGERED || o.status === OrderStatus.NEW || o.status === OrderStatus.PARTIALLY_FILLED;

/**
 * What order lists do after their orders moved (docs/conditional-orders.md,
 * "Order lists"), on the `orders.lists` lease holder, for the lists named by
 * the relayed `order` events of their orders (at once) and, a page every
 * 2 s, every executing list (a safety net): a bracket's legs placed
 * once its entry filled and grown as it fills more; an OTO's pending order
 * placed once its working order filled; a list whose orders all ended and
 * that has nothing left to place marked ALL_DONE (its `orderList` event).
 * Each step is a turn of the list's market that re-checks the market's
 * memory, and placing later orders clears them from the list in the same
 * transaction: they are placed once, whichever instance and however often
 * a step runs. (What must be instant, an OCO leg ending its sibling, is in
 * the turn that filled or triggered the leg: followLists, decideTrigger.)
 */
@Injectable()
export class ListFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ListFollower');
  private readonly loop: LeasedLoop;
  /** Lists an order event named since the last round. */
  private readonly dirty = new Set<string>();
  private sweptAt = 0;
  private cursor: { createdAt: Date; id: string } | undefined;
  private readonly rounds = new CoalescedRun(
    () => this.follow(),
    (error) => this.logger.warn(`list round failed: ${String(error)}`),
  );

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly relay: OutboxRelay,
    private readonly lists: OrderListRepository,
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly risk: PreTradeRisk,
    private readonly turns: MarketTurns,
    private readonly closer: ListCloser,
  ) {
    this.loop = new LeasedLoop(LISTS_LEASE, EVERY_MS, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (!this.config.orders.triggersEnabled) return;
    this.relay.subscribe(ORDER_UPDATED, ({ payload }) => {
      if (payload.version === undefined || payload.listId === undefined || !this.loop.isLeader) return;
      this.dirty.add(payload.listId);
      this.poke();
    });
    this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.rounds.idle();
  }

  private poke(): void {
    if (this.loop.isLeader) void this.round().catch((error: unknown) => this.logger.warn(`list round failed: ${String(error)}`));
  }

  /** One pass over the executing lists. Public for tests. */
  round(): Promise<void> {
    return this.rounds.run();
  }

  /** The lists whose orders moved (relayed events), then, every SWEEP_EVERY_MS, the next page of every executing list. */
  private async follow(): Promise<void> {
    const named = [...this.dirty];
    this.dirty.clear();
    const due = new Map((await this.lists.byIds(named)).map((l) => [l.list.id, l]));
    if (Date.now() - this.sweptAt >= SWEEP_EVERY_MS) {
      this.sweptAt = Date.now();
      const page = await this.lists.executing(LISTS_PER_PAGE, this.cursor);
      const last = page.at(-1)?.list;
      this.cursor = page.length < LISTS_PER_PAGE || !last ? undefined : { createdAt: last.createdAt, id: last.id };
      for (const l of page) due.set(l.list.id, l);
    }
    for (const { list, orders } of due.values()) {
      if (list.status !== 'EXECUTING') continue;
      try {
        await this.step(list, orders);
      } catch (error) {
        this.logger.warn(`order list ${list.id}: ${String(error)}`);
      }
    }
  }

  private async step(list: StoredList, orders: readonly StoredOrder[]): Promise<void> {
    if (await this.closer.closeIfDone(list, orders)) return;
    const spec = await this.specs.get(list.symbol);
    const first = orders.find((o) => o.listRole === ListRole.ENTRY || o.listRole === ListRole.WORKING);
    if (list.kind === ListKind.BRACKET && first) {
      if (list.pending !== null && first.filledQuantity > 0n) return this.placeLater(spec, list, list.pending, first.filledQuantity);
      const legs = orders.filter((o) => o.listRole === ListRole.TAKE_PROFIT || o.listRole === ListRole.STOP_LOSS);
      if (list.pending === null && legs.length === 2 && legs.every((l) => l.status === OrderStatus.UNTRIGGERED) && legs.some((l) => l.quantity < first.filledQuantity)) {
        return this.run(spec, list.userId, legs[0]!.holdAsset, (market, facts) => decideGrowLegs(spec, legs.map((l) => l.id), first.filledQuantity, market, facts));
      }
      if (list.pending !== null && !live(first)) return this.clear(list); // the entry ended without a fill: no legs
    }
    if (list.kind === ListKind.OTO && first && list.pending !== null) {
      if (first.status === OrderStatus.FILLED) return this.placeLater(spec, list, list.pending, null);
      if (!live(first)) return this.clear(list); // the working order ended unfilled: the pending order is never placed
    }
  }

  /** The list's later orders, checked now as new orders (a condition already met is placed and fires at once); a check that fails ends the list. */
  private async placeLater(spec: MarketSpec, list: StoredList, templates: readonly ListTemplate[], filled: bigint | null): Promise<void> {
    const placing: PlaceOrder[] = [];
    try {
      for (const { role, ...template } of templates) {
        const quantity = filled === null ? template.quantity : formatUnits(filled, spec.quantityScale);
        const input = { ...template, quantity, userId: list.userId };
        const checked = await checkPlaceOrder(this.specs, this.risk, input, this.config.orders.maxOpenOrdersPerUser, (s) => lastTradePrice(this.orders, s), { reachedOk: true });
        placing.push({ ...checked, listId: list.id, listRole: role });
      }
    } catch (error) {
      this.logger.warn(`order list ${list.id}: its later orders are refused (${String(error)}); the list ends`);
      return this.clear(list);
    }
    const clear = async () => ((await this.lists.clearPending(list.id)) ? null : new Error(`order list ${list.id} placed its later orders already`));
    await this.run(spec, list.userId, placing[0]!.holdAsset, (market, facts) => decidePlaceLater(placing, clear, market, facts));
  }

  private async clear(list: StoredList): Promise<void> {
    await this.lists.clearPending(list.id);
  }

  private async run(spec: MarketSpec, userId: string, asset: string, decide: TurnCommand<unknown>['decide']): Promise<void> {
    const perp = spec.kind === 'PERPETUAL';
    answerOf(
      await this.turns.run({
        spec,
        needs: { openOrdersOf: userId, funds: { userId, account: accountOf(spec), asset }, ...(perp ? { margin: { userId, asset: spec.quote } } : {}) },
        decide,
      }),
    );
  }
}

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CoalescedRun, AppConfig, LeadershipService, LeasedLoop, OutboxRelay } from '@lib/platform';
import { UserAccountKind } from '@lib/wallet';
import { MarketSpec, OrderReason, OrderStatus, TriggerBy, TriggerIndex, WatchedOrder, protectionPrice } from '../../domain';
import { decideExpire, decideTrigger, TriggerAnswer, TriggerFire } from '../deciders';
import { ORDER_UPDATED, TRADE_EXECUTED } from '../event-contracts';
import { MarketSpecs, OrderRepository, PreTradeRisk, StoredOrder } from '../ports';
import { MarketTurns, answerOf } from '../turns';
import { watchedOf } from './watched-order';

export const TRIGGER_LEASE = 'orders.triggers';
/** The whole index is rebuilt from the database this often (a safety net: the relayed order events keep it current). */
const REBUILD_EVERY_MS = 60_000;
/** Triggers in their markets' turns at once (they group-commit; the rest wait their turn here, not in the market's queue). */
const TRIGGERS_AT_ONCE = 64;
/** GTD orders are looked for at most this often. */
const GTD_EVERY_MS = 250;
/** GTD orders expired per look (the next look takes the rest). */
const GTD_PER_LOOK = 500;

/**
 * Conditional orders' triggers and GTD expiry (docs/conditional-orders.md).
 * One instance (the `orders.triggers` lease) keeps every untriggered order
 * in a TriggerIndex, rebuilt from the database when it takes the lease (so a
 * restart loses nothing) and kept current by the relayed `order` events. It
 * looks at the prices every TRIGGER_INTERVAL_MS, and at once on a mark tick
 * of this instance's feed or a trade: each mark (and last trade, for LAST)
 * costs an index lookup; what it reaches is re-checked in its market's turn
 * (decideTrigger), which triggers each order once. Trailing stops' anchors
 * are stored as they move (monotone: the higher for a sell, the lower for a
 * buy), so a new leader trails on from where the last one was.
 */
@Injectable()
export class TriggerMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TriggerMonitor');
  private readonly index = new TriggerIndex();
  private readonly last = new Map<string, bigint>();
  private readonly inFlight = new Set<string>();
  private readonly loop: LeasedLoop;
  private rebuiltAt = 0;
  private lastTickAt = 0;
  private gtdAt = 0;
  private readonly looks = new CoalescedRun(
    () => this.look(),
    (error) => this.logger.warn(`trigger look failed: ${String(error)}`),
  );

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly relay: OutboxRelay,
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly risk: PreTradeRisk,
  ) {
    this.loop = new LeasedLoop(TRIGGER_LEASE, config.orders.triggerIntervalMs, async () => void (await this.tick()), this.logger);
  }

  onApplicationBootstrap(): void {
    if (!this.config.orders.triggersEnabled) return;
    this.relay.subscribe(ORDER_UPDATED, ({ payload }) => {
      if (payload.version === undefined) return;
      const watched = watchedOf(payload);
      if (watched) this.index.put(watched);
      else this.index.remove(payload.orderId);
    });
    this.relay.subscribe(TRADE_EXECUTED, ({ payload }) => {
      if (payload.version === undefined) return;
      this.last.set(payload.symbol, BigInt(payload.price));
      this.poke();
    });
    this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.looks.idle();
  }

  /** A price moved (a mark tick, a trade): look now rather than at the next interval. */
  poke(): void {
    if (this.loop.isLeader) void this.tick().catch((error: unknown) => this.logger.warn(`trigger look failed: ${String(error)}`));
  }

  get watching(): number {
    return this.index.size;
  }

  /**
   * One look: the index brought up to date if due, the GTD orders due
   * expired, then every market's prices against the index. Public for tests
   * and benches; answers how many orders it triggered or ended.
   */
  tick(): Promise<number> {
    return this.looks.run();
  }

  private async look(): Promise<number> {
    const now = Date.now();
    const gap = now - this.lastTickAt > 5 * Math.max(this.config.orders.triggerIntervalMs, 1_000);
    this.lastTickAt = now;
    if (gap || now - this.rebuiltAt > REBUILD_EVERY_MS) await this.rebuild();
    if (now - this.gtdAt >= GTD_EVERY_MS) {
      this.gtdAt = now;
      await this.expireDue();
    }
    const fires: { spec: MarketSpec; watched: WatchedOrder; fire: TriggerFire }[] = [];
    const moved: WatchedOrder[] = [];
    for (const symbol of this.index.symbols()) {
      const spec = await this.specs.get(symbol);
      // A halted market triggers nothing: its orders wait for it to reopen.
      if (spec.status === 'HALTED') continue;
      const mark = await this.specs.markPrice(spec);
      if (mark === null) continue;
      const seen = new Map<string, WatchedOrder>();
      const byMark = this.index.tick(symbol, TriggerBy.MARK, mark);
      moved.push(...byMark.moved);
      for (const w of byMark.fired) seen.set(w.id, w);
      const last = this.last.get(symbol);
      if (last !== undefined) {
        const byLast = this.index.tick(symbol, TriggerBy.LAST, last);
        moved.push(...byLast.moved);
        for (const w of byLast.fired) seen.set(w.id, w);
      }
      for (const watched of seen.values()) {
        if (this.inFlight.has(watched.id)) continue;
        const price = watched.trigger.by === TriggerBy.MARK ? mark : last!;
        fires.push({ spec, watched, fire: { orderId: watched.id, price, anchor: watched.trigger.anchor, mark } });
      }
    }
    if (moved.length > 0) await this.orders.saveTrailAnchors(moved.map((w) => ({ id: w.id, side: w.side, anchor: w.trigger.anchor! })));
    return this.fireAll(fires);
  }

  private async fireAll(fires: { spec: MarketSpec; watched: WatchedOrder; fire: TriggerFire }[]): Promise<number> {
    if (fires.length === 0) return 0;
    let done = 0;
    let next = 0;
    for (const { watched } of fires) this.inFlight.add(watched.id);
    // One read for all: what the pre-trade stage checks at the trigger.
    const rows = new Map((await this.orders.findByIds(fires.map((f) => f.watched.id)).catch(() => [])).map((o) => [o.id, o]));
    const worker = async () => {
      while (next < fires.length) {
        const { spec, watched, fire } = fires[next++]!;
        try {
          const row = rows.get(watched.id);
          const answer: TriggerAnswer = row && row.status === OrderStatus.UNTRIGGERED ? await this.fire(spec, row, fire) : { kind: 'gone' };
          if (answer.kind !== 'not-reached') this.index.remove(watched.id);
          if (answer.kind === 'triggered' || answer.kind === 'ended') done += 1;
        } catch (error) {
          this.logger.warn(`${spec.symbol}: triggering ${watched.id} failed, retried at the next look: ${String(error)}`);
        } finally {
          this.inFlight.delete(watched.id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(TRIGGERS_AT_ONCE, fires.length) }, worker));
    return done;
  }

  /** The pre-trade stage at the trigger (a refusal ends the order, but a halt keeps it waiting), then the turn. */
  private async fire(spec: MarketSpec, order: StoredOrder, fire: TriggerFire): Promise<TriggerAnswer> {
    const limit = order.price ?? protectionPrice(spec, order.side, fire.mark);
    let refusal: Error | undefined;
    try {
      await this.risk.check({ spec, userId: order.userId, side: order.side, type: order.type, price: order.price, limit, quantity: order.quantity, reduceOnly: order.reduceOnly, mark: fire.mark });
    } catch (error) {
      if ((error as { code?: string }).code === 'MARKET_HALTED') return { kind: 'not-reached' };
      refusal = error as Error;
    }
    const perp = spec.kind === 'PERPETUAL';
    const { userId } = order;
    const decided = await this.turns.run({
      spec,
      urgent: true,
      // A spot leg of a list may take over its siblings' hold: its funds are declared for that.
      needs: perp ? { funds: { userId, account: UserAccountKind.MARGIN, asset: spec.quote }, margin: { userId, asset: spec.quote } } : order.listId ? { funds: { userId, account: UserAccountKind.SPOT, asset: order.holdAsset } } : {},
      decide: (market, facts) => decideTrigger(spec, { ...fire, ...(refusal ? { refusal } : {}) }, market, facts, this.config.orders.maxOpenOrdersPerUser),
    });
    return answerOf(decided);
  }

  private async rebuild(): Promise<void> {
    const rows = await this.orders.untriggered();
    this.index.clear();
    for (const row of rows) {
      const watched = watchedOf(row);
      if (watched) this.index.put(watched);
    }
    this.rebuiltAt = Date.now();
  }

  /** GTD orders past their time, EXPIRED in their markets' turns (within a second of it: GTD_EVERY_MS). */
  private async expireDue(): Promise<void> {
    const due = await this.orders.dueGoodTill(new Date(), GTD_PER_LOOK);
    const bySymbol = new Map<string, string[]>();
    for (const { id, symbol } of due) bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), id]);
    for (const [symbol, ids] of bySymbol) {
      try {
        const spec = await this.specs.get(symbol);
        answerOf(await this.turns.run({ spec, needs: {}, decide: (market, facts) => decideExpire(spec, ids, OrderReason.GTD_EXPIRED, market, facts) }));
      } catch (error) {
        this.logger.warn(`${symbol}: expiring GTD orders failed, retried at the next look: ${String(error)}`);
      }
    }
  }
}

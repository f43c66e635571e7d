import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetUserQuery } from '@lib/auth';
import { parseUnits } from '@lib/kernel';
import { GetMarketQuery } from '@lib/market';
import { TRADE_EXECUTED } from '@lib/orders';
import { CoalescedRun, LeadershipService, LeasedLoop, OutboxRelay, OutboxWriter, TransactionHost } from '@lib/platform';
import { AlertFeed, AlertIndex, AlertSource, AlertStatus, step } from '../domain';
import { PRICE_ALERT_CHANGED, priceAlertChangedEvent, priceAlertFiredEvent } from './events';
import { parsePercent } from './price-alerts';
import { PriceAlertRepository, StoredAlert } from './ports';

export const ALERTS_LEASE = 'price-alerts.evaluator';
/** Prices are looked at this often without a wake-up (another instance's feed, a missed tick). */
const LOOK_EVERY_MS = 1_000;
/** The index is rebuilt from the database this often (a safety net: PRICE_ALERT_CHANGED keeps it current). */
const REBUILD_EVERY_MS = 60_000;
const EXPIRE_PER_LOOK = 500;

/**
 * Evaluates the active alerts (docs/price-alerts.md). One instance (the
 * `price-alerts.evaluator` lease) keeps them in an AlertIndex, rebuilt from
 * the database when it takes the lease and kept current by the relayed
 * PRICE_ALERT_CHANGED. It looks at every market with alerts at once on a
 * mark tick of this instance's feed or a trade (and every LOOK_EVERY_MS):
 * each (market, feed) costs an index lookup; each alert reached is stepped
 * and the step stored with a conditional UPDATE (its generation) in the
 * transaction of its history line and its outbox event, so a crossing fires
 * once even if two leaders overlap or the process restarts mid-way.
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertEvaluator');
  private readonly index = new AlertIndex<StoredAlert>();
  /** Last trade price per market, from the relayed trades (price units). */
  private readonly last = new Map<string, bigint>();
  private readonly loop: LeasedLoop;
  private rebuiltAt = 0;
  private lastLookAt = 0;
  private expiredAt = 0;
  private readonly looks = new CoalescedRun(
    () => this.look(),
    (error) => this.logger.warn(`alert look failed: ${String(error)}`),
  );

  constructor(
    private readonly leadership: LeadershipService,
    private readonly relay: OutboxRelay,
    private readonly alerts: PriceAlertRepository,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
  ) {
    this.loop = new LeasedLoop(ALERTS_LEASE, LOOK_EVERY_MS, () => this.looks.run(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.relay.subscribe(PRICE_ALERT_CHANGED, async ({ payload }) => {
      if (payload.status !== AlertStatus.ACTIVE) return this.index.remove(payload.alertId);
      const alert = await this.alerts.byId(payload.alertId);
      if (alert?.status === AlertStatus.ACTIVE) this.index.put(alert);
      else this.index.remove(payload.alertId);
      this.poke();
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

  /** A price moved: look now rather than at the next interval (leader only). */
  poke(): void {
    if (this.loop.isLeader) void this.looks.run().catch((error: unknown) => this.logger.warn(`alert look failed: ${String(error)}`));
  }

  /** One look now (public for tests): the index brought up to date if due, the expired ended, every market's values against the index. */
  tick(): Promise<void> {
    return this.looks.run();
  }

  get watching(): number {
    return this.index.size;
  }

  private async look(): Promise<void> {
    const now = Date.now();
    const gap = now - this.lastLookAt > 5 * LOOK_EVERY_MS;
    this.lastLookAt = now;
    if (gap || now - this.rebuiltAt > REBUILD_EVERY_MS) await this.rebuild();
    await this.expireDue();
    const symbols = new Set(this.index.feeds().map((f) => f.symbol));
    for (const symbol of symbols) {
      try {
        for (const [feed, value] of await this.valuesOf(symbol)) {
          for (const alert of this.index.tick(symbol, feed, value)) await this.apply(alert, feed, value);
        }
      } catch (error) {
        this.logger.warn(`${symbol}: alerts not evaluated, retried at the next look: ${String(error)}`);
      }
    }
  }

  /** The values the market's alerts watch now: mark, last trade, 24 h change (hundredths of a percent). */
  private async valuesOf(symbol: string): Promise<[AlertFeed, bigint][]> {
    const market = await this.queries.execute(new GetMarketQuery(symbol));
    const out: [AlertFeed, bigint][] = [];
    const { mark, change24h } = market.ticker;
    if (mark !== null) out.push([AlertSource.MARK, parseUnits(mark, market.priceScale)]);
    const last = this.last.get(symbol) ?? (market.ticker.last === null ? undefined : parseUnits(market.ticker.last, market.priceScale));
    if (last !== undefined) out.push([AlertSource.LAST, last]);
    if (change24h !== null) out.push(['CHANGE_24H', parsePercent(change24h)]);
    return out;
  }

  /** One step of one alert, stored conditionally; the index follows what was stored. */
  private async apply(alert: StoredAlert, feed: AlertFeed, value: bigint): Promise<void> {
    const s = step(alert, value);
    if (!s) return;
    const pushed = s.fired && (await this.notifies(alert.userId));
    const at = new Date();
    const stored = await this.tx.withTransaction(async () => {
      const status = s.ended ? AlertStatus.FIRED : AlertStatus.ACTIVE;
      if (!(await this.alerts.step(alert.id, alert.generation, s.next.rises, status, at))) return false;
      if (s.fired) await this.alerts.addHistory({ alertId: alert.id, userId: alert.userId, kind: 'FIRED', price: value, pushed, at });
      const events = [];
      if (pushed) events.push(priceAlertFiredEvent(alert, feed, value, at));
      if (s.ended) events.push(priceAlertChangedEvent(alert.id, status));
      if (events.length > 0) await this.outbox.append(events);
      return true;
    });
    if (stored && s.ended) this.index.remove(alert.id);
    else if (stored) this.index.put({ ...alert, ...s.next, updatedAt: at });
    else {
      // Stepped elsewhere (another leader's overlap, a cancel): the database says what it is now.
      const now = await this.alerts.byId(alert.id);
      if (now?.status === AlertStatus.ACTIVE) this.index.put(now);
      else this.index.remove(alert.id);
    }
  }

  /** The owner's settings.notifications.priceAlerts (on when the user cannot be read: the history records it either way). */
  private async notifies(userId: string): Promise<boolean> {
    try {
      const user = await this.queries.execute(new GetUserQuery(userId));
      return user.settings.notifications.priceAlerts;
    } catch (error) {
      this.logger.warn(`user ${userId}: settings not read, the alert is pushed: ${String(error)}`);
      return true;
    }
  }

  private async rebuild(): Promise<void> {
    this.index.replaceAll(await this.alerts.allActive());
    this.rebuiltAt = Date.now();
  }

  private async expireDue(): Promise<void> {
    if (Date.now() - this.expiredAt < LOOK_EVERY_MS) return;
    this.expiredAt = Date.now();
    const expired = await this.tx.withTransaction(async () => {
      const due = await this.alerts.expireDue(new Date(), EXPIRE_PER_LOOK);
      for (const a of due) await this.alerts.addHistory({ alertId: a.id, userId: a.userId, kind: 'EXPIRED', price: null, pushed: false, at: a.updatedAt });
      if (due.length > 0) await this.outbox.append(due.map((a) => priceAlertChangedEvent(a.id, AlertStatus.EXPIRED)));
      return due;
    });
    for (const a of expired) this.index.remove(a.id);
  }
}

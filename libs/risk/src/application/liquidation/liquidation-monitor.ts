import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AppConfig, LeadershipLease, LeadershipService, OutboxRelay } from '@lib/platform';
import { MarketSpec, MarketSpecs, termsOf } from '@lib/orders';
import { Holding, POSITION_CHANGED, PositionRecord, PositionRepository, collateralOf, liquidationPrice } from '@lib/positions';
import { BALANCE_CHANGED, GetAvailableFundsQuery, UserAccountKind } from '@lib/wallet';
import { IndexedPosition, LiquidationIndex } from '../../domain';
import { LiquidationEngine } from './liquidation-engine';

export const MONITOR_LEASE = 'risk.monitor';
/** The whole index is rebuilt from the database this often (a safety net: events keep it current between). */
const REBUILD_EVERY_TICKS = 30;
/** Liquidation steps in flight at once (each market's queue bounds what waits in its lane). */
const LIQUIDATIONS_AT_ONCE = 32;

/**
 * Margin monitoring (docs/risk.md, "Liquidation"). One instance (the
 * `risk.monitor` lease) keeps, per perpetual market, a LiquidationIndex of
 * every open position by its liquidation price; a position's entry is
 * recomputed when its owner's positions or MARGIN balance change (relayed
 * events), and everything is rebuilt every REBUILD_EVERY_TICKS ticks. Each
 * tick reads the marks and takes from each index only the positions the mark
 * reached: a tick that liquidates none costs a lookup per market, not a scan.
 * A reached position goes to the LiquidationEngine, which re-checks it in
 * the market's turn (the index only proposes).
 */
@Injectable()
export class LiquidationMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiquidationMonitor');
  private readonly indexes = new Map<string, LiquidationIndex>();
  private readonly dirty = new Set<string>();
  private lease: LeadershipLease | undefined;
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private ticks = 0;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly relay: OutboxRelay,
    private readonly specs: MarketSpecs,
    private readonly positions: PositionRepository,
    private readonly queries: QueryBus,
    private readonly engine: LiquidationEngine,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.risk.monitorEnabled) return;
    this.relay.subscribe(POSITION_CHANGED, ({ payload }) => void this.dirty.add(payload.userId));
    this.relay.subscribe(BALANCE_CHANGED, ({ payload }) => {
      if (payload.account === UserAccountKind.MARGIN) this.dirty.add(payload.userId);
    });
    this.lease = this.leadership.lease(MONITOR_LEASE);
    this.lease.onChange((leader) => {
      this.leading = leader;
      this.ticks = 0;
      if (leader) this.schedule(0);
      else clearTimeout(this.timer);
    });
    this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.lease?.stop();
  }

  /**
   * One pass: the index brought up to date, then every position the marks
   * reached handed to the engine, LIQUIDATIONS_AT_ONCE at a time (they queue
   * in their markets' lanes and group-commit). Public for tests and benches;
   * answers how many steps closed something.
   */
  async tick(): Promise<number> {
    const perps = (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL');
    if (this.ticks++ % REBUILD_EVERY_TICKS === 0) await this.rebuild(perps);
    else if (this.dirty.size > 0) await this.reindex([...this.dirty], perps);
    const reached: { spec: MarketSpec; userId: string }[] = [];
    for (const spec of perps) {
      const mark = await this.specs.markPrice(spec);
      const index = this.indexes.get(spec.symbol);
      if (mark === null || !index) continue;
      for (const entry of index.reachedBy(mark)) reached.push({ spec, userId: entry.key });
    }
    let liquidated = 0;
    let next = 0;
    const worker = async () => {
      while (next < reached.length) {
        const { spec, userId } = reached[next++]!;
        try {
          const answer = await this.engine.liquidate(spec, userId);
          if (answer && answer.filled > 0n) liquidated += 1;
        } catch (error) {
          this.logger.warn(`${spec.symbol}: liquidating ${userId} failed, retried at the next tick: ${String(error)}`);
        }
        this.dirty.add(userId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIQUIDATIONS_AT_ONCE, reached.length) }, worker));
    return liquidated;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    if (this.stopped || !this.leading) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.logger.warn(`a monitor tick failed: ${String(error)}`))
        .then(() => this.schedule(this.config.risk.monitorIntervalMs));
    }, delay);
  }

  private async rebuild(perps: readonly MarketSpec[]): Promise<void> {
    this.dirty.clear();
    const users = new Set<string>();
    for (const spec of perps) for (const row of await this.positions.ofMarket(spec.symbol)) if (row.position.size !== 0n) users.add(row.userId);
    const entries = await this.entriesOf([...users], perps);
    this.indexes.clear();
    for (const spec of perps) this.indexOf(spec.symbol).load(entries.get(spec.symbol) ?? []);
  }

  /** Recomputes every entry of these users (an account's cross entries depend on each other and on its cash). */
  private async reindex(userIds: readonly string[], perps: readonly MarketSpec[]): Promise<void> {
    for (const userId of userIds) this.dirty.delete(userId);
    if (userIds.length === 0) return;
    const entries = await this.entriesOf(userIds, perps);
    for (const spec of perps) {
      const index = this.indexOf(spec.symbol);
      for (const userId of userIds) index.put(userId, null);
      for (const entry of entries.get(spec.symbol) ?? []) index.put(entry.key, entry);
    }
  }

  /** The index entries of these users' positions, per market, at the current marks. */
  private async entriesOf(userIds: readonly string[], perps: readonly MarketSpec[]): Promise<Map<string, IndexedPosition[]>> {
    const out = new Map<string, IndexedPosition[]>();
    if (userIds.length === 0) return out;
    const specs = new Map(perps.map((s) => [s.symbol, s]));
    const marks = new Map<string, bigint>();
    for (const spec of perps) {
      const mark = await this.specs.markPrice(spec);
      if (mark !== null) marks.set(spec.symbol, mark);
    }
    const rows = await this.positions.ofUsers(userIds);
    const refs = userIds.flatMap((userId) => [...new Set((rows.get(userId) ?? []).map((r) => r.asset))].map((asset) => ({ userId, account: UserAccountKind.MARGIN, asset })));
    const funds = refs.length > 0 ? await this.queries.execute(new GetAvailableFundsQuery(refs)) : null;
    for (const userId of userIds) {
      const holdings = (rows.get(userId) ?? []).flatMap((record) => holdingOf(record, specs, marks));
      for (const h of holdings) {
        const available = funds?.available({ userId, account: UserAccountKind.MARGIN, asset: h.record.asset }) ?? 0n;
        const price = liquidationPrice(h, collateralOf(h, available, holdings.filter((o) => o.record.asset === h.record.asset)));
        if (price === null) continue;
        const list = out.get(h.record.symbol) ?? [];
        out.set(h.record.symbol, list);
        list.push({ key: userId, side: h.record.position.size > 0n ? 'LONG' : 'SHORT', liquidationPrice: price });
      }
    }
    return out;
  }

  private indexOf(symbol: string): LiquidationIndex {
    let index = this.indexes.get(symbol);
    if (!index) this.indexes.set(symbol, (index = new LiquidationIndex()));
    return index;
  }
}

function holdingOf(record: PositionRecord, specs: ReadonlyMap<string, MarketSpec>, marks: ReadonlyMap<string, bigint>): Holding[] {
  const spec = specs.get(record.symbol);
  const mark = marks.get(record.symbol);
  if (!spec || mark === undefined || record.position.size === 0n) return [];
  return [{ record, terms: termsOf(spec), mark }];
}

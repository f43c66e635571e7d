import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AppConfig, LeadershipService, NewIntegrationEvent, OutboxRelay, OutboxWriter, TransactionHost, LeasedLoop } from '@lib/platform';
import { MarketSpec, MarketSpecs, termsOf } from '@lib/orders';
import { Holding, POSITION_CHANGED, PositionRecord, PositionRepository, collateralOf, liquidationPrice } from '@lib/positions';
import { BALANCE_CHANGED, GetAvailableFundsQuery, UserAccountKind } from '@lib/wallet';
import { IndexedPosition, LiquidationIndex } from '../../domain';
import { LiquidationEngine } from './liquidation-engine';
import { atWarning, marginCallEvent, warningTerms } from './margin-call';

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
  /** Per market: positions by the price at which maintenance / margin balance reaches MARGIN_CALL_RATIO. */
  private readonly warnings = new Map<string, LiquidationIndex>();
  /** `${symbol}:${userId}` → the position and its warning price, for the event. */
  private readonly warned = new Map<string, Warned>();
  /** The positions whose margin call was sent and that have not left the zone since. */
  private called = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly loop: LeasedLoop;
  private ticks = 0;
  /** When the last tick ran: a leader that ticks again after a gap (it lost the lease meanwhile) rebuilds first. */
  private lastTickAt = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly relay: OutboxRelay,
    private readonly specs: MarketSpecs,
    private readonly positions: PositionRepository,
    private readonly queries: QueryBus,
    private readonly engine: LiquidationEngine,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
  ) {
    this.loop = new LeasedLoop(MONITOR_LEASE, config.risk.monitorIntervalMs, async () => void (await this.tick()), this.logger);
  }

  onApplicationBootstrap(): void {
    if (!this.config.risk.monitorEnabled) return;
    this.relay.subscribe(POSITION_CHANGED, ({ payload }) => void this.dirty.add(payload.userId));
    this.relay.subscribe(BALANCE_CHANGED, ({ payload }) => {
      if (payload.account === UserAccountKind.MARGIN) this.dirty.add(payload.userId);
    });
    this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One pass: the index brought up to date, then every position the marks
   * reached handed to the engine, LIQUIDATIONS_AT_ONCE at a time (they queue
   * in their markets' lanes and group-commit). Public for tests and benches;
   * answers how many steps closed something.
   */
  async tick(): Promise<number> {
    const perps = (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL');
    const gap = Date.now() - this.lastTickAt > 5 * this.config.risk.monitorIntervalMs;
    this.lastTickAt = Date.now();
    if (gap || this.ticks++ % REBUILD_EVERY_TICKS === 0) await this.rebuild(perps);
    else if (this.dirty.size > 0) await this.reindex([...this.dirty], perps);
    const reached: { spec: MarketSpec; userId: string }[] = [];
    const calls: NewIntegrationEvent[] = [];
    const inZone = new Set<string>();
    for (const spec of perps) {
      const mark = await this.specs.markPrice(spec);
      const index = this.indexes.get(spec.symbol);
      if (mark === null || !index) continue;
      for (const entry of index.reachedBy(mark)) reached.push({ spec, userId: entry.key });
      // The index proposes (its prices are rounded toward the mark); the ratio at the mark decides.
      for (const entry of this.warnings.get(spec.symbol)?.reachedBy(mark) ?? []) {
        const key = `${spec.symbol}:${entry.key}`;
        const warned = this.warned.get(key);
        if (!warned || !atWarning({ ...warned.holding, mark }, warned.collateral, this.config.risk.marginCallE8)) continue;
        inZone.add(key);
        if (!this.called.has(key)) calls.push(marginCallEvent(warned.holding, mark, warned.price, this.config.risk.marginCallE8, new Date()));
      }
    }
    // A call once per crossing: a position out of the zone may be called again when it comes back.
    this.called = inZone;
    if (calls.length > 0) await this.tx.withTransaction(() => this.outbox.append(calls));
    // One account's steps one after the other (markets in symbol order: each re-checks what the one before
    // left, a cross account may be covered again); accounts side by side, LIQUIDATIONS_AT_ONCE at a time.
    const byUser = new Map<string, MarketSpec[]>();
    for (const { spec, userId } of reached) byUser.set(userId, [...(byUser.get(userId) ?? []), spec]);
    const accounts = [...byUser.entries()].map(([userId, specs]) => ({ userId, specs: specs.sort((a, b) => (a.symbol < b.symbol ? -1 : 1)) }));
    let liquidated = 0;
    let next = 0;
    const worker = async () => {
      while (next < accounts.length) {
        const { userId, specs } = accounts[next++]!;
        for (const spec of specs) {
          try {
            const answer = await this.engine.liquidate(spec, userId);
            if (answer && (answer.filled > 0n || answer.adl > 0n)) liquidated += 1;
          } catch (error) {
            this.logger.warn(`${spec.symbol}: liquidating ${userId} failed, retried at the next tick: ${String(error)}`);
          }
        }
        this.dirty.add(userId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIQUIDATIONS_AT_ONCE, accounts.length) }, worker));
    return liquidated;
  }

  private async rebuild(perps: readonly MarketSpec[]): Promise<void> {
    this.dirty.clear();
    const users = new Set<string>();
    for (const spec of perps) for (const row of await this.positions.ofMarket(spec.symbol)) if (row.position.size !== 0n) users.add(row.userId);
    const { entries, warnings } = await this.entriesOf([...users], perps);
    this.indexes.clear();
    this.warnings.clear();
    this.warned.clear();
    for (const spec of perps) {
      this.indexOf(spec.symbol).load(entries.get(spec.symbol) ?? []);
      this.warningsOf(spec.symbol).load((warnings.get(spec.symbol) ?? []).map((w) => w.entry));
      for (const w of warnings.get(spec.symbol) ?? []) this.warned.set(`${spec.symbol}:${w.entry.key}`, { holding: w.holding, price: w.entry.liquidationPrice, collateral: w.collateral });
    }
  }

  /** Recomputes every entry of these users (an account's cross entries depend on each other and on its cash). */
  private async reindex(userIds: readonly string[], perps: readonly MarketSpec[]): Promise<void> {
    for (const userId of userIds) this.dirty.delete(userId);
    if (userIds.length === 0) return;
    const { entries, warnings } = await this.entriesOf(userIds, perps);
    for (const spec of perps) {
      const index = this.indexOf(spec.symbol);
      const warning = this.warningsOf(spec.symbol);
      for (const userId of userIds) {
        index.put(userId, null);
        warning.put(userId, null);
        this.warned.delete(`${spec.symbol}:${userId}`);
      }
      for (const entry of entries.get(spec.symbol) ?? []) index.put(entry.key, entry);
      for (const w of warnings.get(spec.symbol) ?? []) {
        warning.put(w.entry.key, w.entry);
        this.warned.set(`${spec.symbol}:${w.entry.key}`, { holding: w.holding, price: w.entry.liquidationPrice, collateral: w.collateral });
      }
    }
  }

  /** The index entries of these users' positions (liquidation and warning prices), per market, at the current marks. */
  private async entriesOf(userIds: readonly string[], perps: readonly MarketSpec[]): Promise<{ entries: Map<string, IndexedPosition[]>; warnings: Map<string, { entry: IndexedPosition; holding: Holding; collateral: bigint }[]> }> {
    const out = new Map<string, IndexedPosition[]>();
    const warnings = new Map<string, { entry: IndexedPosition; holding: Holding; collateral: bigint }[]>();
    if (userIds.length === 0) return { entries: out, warnings };
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
        const side = h.record.position.size > 0n ? 'LONG' : 'SHORT';
        const collateral = collateralOf(h, available, holdings.filter((o) => o.record.asset === h.record.asset));
        const price = liquidationPrice(h, collateral);
        if (price !== null) push(out, h.record.symbol, { key: userId, side, liquidationPrice: price });
        const warning = liquidationPrice({ ...h, terms: warningTerms(h.terms, this.config.risk.marginCallE8) }, collateral);
        if (warning !== null) push(warnings, h.record.symbol, { entry: { key: userId, side, liquidationPrice: warning }, holding: h, collateral });
      }
    }
    return { entries: out, warnings };
  }

  private warningsOf(symbol: string): LiquidationIndex {
    let index = this.warnings.get(symbol);
    if (!index) this.warnings.set(symbol, (index = new LiquidationIndex()));
    return index;
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

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  map.set(key, list);
  list.push(value);
}

interface Warned {
  readonly holding: Holding;
  readonly price: bigint;
  /** What backs the position (collateralOf) when it was indexed. */
  readonly collateral: bigint;
}

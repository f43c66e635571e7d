import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { ListInstrumentsQuery, MarketStatus, UpdateMarketCommand } from '@lib/market';
import { AppConfig, LeadershipService, LeasedLoop, Metrics } from '@lib/platform';
import { haltReason, marketsToHalt, nextHandled } from './affected-markets';
import { ReconciliationSnapshot } from './reconciliation-snapshot';
import { MarketOfRun, NOT_CHECKED, ReconciliationStatus, evaluate, problemCounts } from './reconciliation-status';

export const RECONCILE_LEASE = 'risk.reconcile';

export type { ReconciliationStatus } from './reconciliation-status';

/**
 * Continuous reconciliation (issue 17, docs/operations.md): on the
 * `risk.reconcile` lease holder, every RECONCILE_INTERVAL_MS, one snapshot of
 * the database (ReconciliationSnapshot) is checked: the ledger (postings sum
 * to zero per asset, balances equal postings, nothing negative), locked funds
 * against the holds of open orders, pending withdrawals and isolated margins,
 * open interest per perpetual, and the CLEARING balance per settlement asset.
 * A mismatch is logged once when it appears, kept for
 * GET /api/v1/admin/reconciliation, exported as `exchange_reconcile_ok` 0 and
 * `exchange_reconcile_problems{kind}`, handed to the `onCheck` listeners, and
 * with RECONCILE_HALT_ON_MISMATCH halts the markets it implicates (audited as
 * the platform's own change; never reopened automatically).
 */
@Injectable()
export class ReconciliationJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciliation');
  private readonly loop: LeasedLoop;
  private readonly listeners = new Set<(status: ReconciliationStatus) => void>();
  private last: ReconciliationStatus = NOT_CHECKED;
  private running: Promise<ReconciliationStatus> | undefined;
  /** Markets implicated by the findings still open that this job halted or found halted: not halted again while they stay implicated. */
  private handled: ReadonlySet<string> = new Set();

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly snapshot: ReconciliationSnapshot,
    private readonly cls: ClsService,
    metrics: Metrics,
  ) {
    this.loop = new LeasedLoop(RECONCILE_LEASE, config.risk.reconcileIntervalMs, async () => void (await this.check()), this.logger);
    metrics.gauge('exchange_reconcile_ok', '1 when the last reconciliation found nothing wrong, 0 when it found a mismatch, -1 before the first (on the risk.reconcile lease holder)', [], (g) => {
      g.set(this.last.ok === null ? -1 : this.last.ok ? 1 : 0);
    });
    metrics.gauge('exchange_reconcile_problems', 'What the last reconciliation found, by kind', ['kind'], (g) => {
      if (this.last.checkedAt === null) return;
      for (const [kind, count] of Object.entries(problemCounts(this.last))) g.set({ kind }, count);
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.risk.reconcileEnabled) this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  get status(): ReconciliationStatus {
    return this.last;
  }

  /**
   * Calls `listener` with the status after every check (a failed check, e.g.
   * the database away, calls nothing). Returns the function that removes it.
   * A listener that throws is logged and does not stop the others.
   */
  onCheck(listener: (status: ReconciliationStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** One check now (the loop's step; public for an admin's request on an instance that has not run one). A check asked while one runs gets that one. */
  check(): Promise<ReconciliationStatus> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<ReconciliationStatus> {
    const started = performance.now();
    // The catalog first, outside the snapshot: it is cached (1 s), and the orders' read resolves its markets from it.
    const markets: readonly MarketOfRun[] = await this.queries.execute(new ListInstrumentsQuery());
    const { status, affected } = evaluate(await this.snapshot.read(), markets);
    const durationMs = Math.round(performance.now() - started);
    const halted = this.config.risk.reconcileHaltOnMismatch ? await this.halt(affected, markets) : [];
    if (!status.ok && this.last.ok !== false) {
      const counts = Object.entries(problemCounts({ ...NOT_CHECKED, ...status })).filter(([, n]) => n > 0);
      this.logger.error(`reconciliation mismatch: ${counts.map(([kind, n]) => `${n} ${kind}`).join(', ')}; markets implicated: ${status.affectedSymbols.join(', ') || 'none'}`);
    }
    if (status.ok && this.last.ok === false) this.logger.log('reconciliation: everything matches again');
    this.last = { ...status, checkedAt: new Date().toISOString(), durationMs, haltedSymbols: halted };
    for (const listener of this.listeners) {
      try {
        listener(this.last);
      } catch (error) {
        this.logger.warn(`a reconciliation listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.last;
  }

  /** Halts the implicated markets not halted yet (each its own audited change); one that fails is tried again at the next check. */
  private async halt(affected: ReadonlyMap<string, string[]>, markets: readonly MarketOfRun[]): Promise<string[]> {
    const symbols = [...affected.keys()];
    const statusOf = (symbol: string) => markets.find((m) => m.symbol === symbol)?.status;
    const halted: string[] = [];
    for (const symbol of marketsToHalt(symbols, statusOf, this.handled)) {
      const reason = haltReason(affected.get(symbol) ?? []);
      try {
        // A context of its own: the command opens its transaction (and appends to the audit log) in it.
        await this.cls.run({ ifNested: 'override' }, () => this.commands.execute(new UpdateMarketCommand(null, symbol, { status: MarketStatus.HALTED }, reason)));
        halted.push(symbol);
        this.logger.warn(`halted ${symbol}: ${reason}`);
      } catch (error) {
        this.logger.error(`could not halt ${symbol} (tried again at the next check): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.handled = nextHandled(symbols, statusOf, this.handled, halted);
    return halted;
  }
}

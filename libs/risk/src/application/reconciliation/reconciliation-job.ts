import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AppConfig, LeadershipService, LeasedLoop, Metrics } from '@lib/platform';
import { ReconcileLedgerQuery, type ReconcileReport } from '@lib/wallet';

export const RECONCILE_LEASE = 'risk.reconcile';

/** The last check, as GET /admin/reconciliation answers it. */
export interface ReconciliationStatus {
  /** When it ran; null before the first check on this instance. */
  readonly checkedAt: string | null;
  readonly ok: boolean | null;
  /** The ledger's own report: assets whose postings do not sum to zero, accounts whose balances are not their postings, negative balances. */
  readonly report: ReconcileReport | null;
}

/**
 * Continuous reconciliation (issue 17, docs/operations.md): on the
 * `risk.reconcile` lease holder, every RECONCILE_INTERVAL_MS, the ledger is
 * checked (every asset's postings sum to zero, every account's balances
 * equal its postings, nothing is negative). A mismatch is logged once when
 * it appears, kept for GET /api/v1/admin/reconciliation and exported as
 * `exchange_reconcile_ok` 0 and `exchange_reconcile_problems{kind}`.
 */
@Injectable()
export class ReconciliationJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciliation');
  private readonly loop: LeasedLoop;
  private last: ReconciliationStatus = { checkedAt: null, ok: null, report: null };

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly queries: QueryBus,
    metrics: Metrics,
  ) {
    this.loop = new LeasedLoop(RECONCILE_LEASE, config.risk.reconcileIntervalMs, async () => void (await this.check()), this.logger);
    metrics.gauge('exchange_reconcile_ok', '1 when the last reconciliation of the ledger found nothing wrong, 0 when it found a mismatch, -1 before the first (on the risk.reconcile lease holder)', [], (g) => {
      g.set(this.last.ok === null ? -1 : this.last.ok ? 1 : 0);
    });
    metrics.gauge('exchange_reconcile_problems', 'What the last reconciliation found, by kind', ['kind'], (g) => {
      const r = this.last.report;
      if (!r) return;
      g.set({ kind: 'unbalanced_assets' }, r.assets.filter((a) => !a.balanced).length);
      g.set({ kind: 'mismatched_accounts' }, r.mismatchedAccounts.length);
      g.set({ kind: 'negative_balances' }, r.negativeBalances.length);
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

  /** One check now (the loop's step; public for an admin's request on an instance that has not run one). */
  async check(): Promise<ReconciliationStatus> {
    const report = await this.queries.execute(new ReconcileLedgerQuery());
    if (!report.ok && this.last.ok !== false) {
      this.logger.error(
        `reconciliation mismatch: ${report.assets.filter((a) => !a.balanced).length} unbalanced asset(s), ${report.mismatchedAccounts.length} account(s) off their postings, ${report.negativeBalances.length} negative balance(s)`,
      );
    }
    if (report.ok && this.last.ok === false) this.logger.log('reconciliation: the ledger matches again');
    this.last = { checkedAt: new Date().toISOString(), ok: report.ok, report };
    return this.last;
  }
}

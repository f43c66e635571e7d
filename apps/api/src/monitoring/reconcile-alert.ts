import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Alerts } from '@lib/platform';
import { ReconciliationJob, type ReconciliationStatus } from '@lib/risk';

/**
 * RECONCILE_MISMATCH follows the continuous reconciliation: raised by a run
 * that finds a mismatch (once: the open alert's key), cleared by a run that
 * finds none. On the instance that runs the job (the risk.reconcile lease).
 */
@Injectable()
export class ReconcileAlert implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReconcileAlert');
  private unsubscribe: (() => void) | undefined;
  /** Runs are told in order: a raise is never overtaken by the next run's clear. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: ReconciliationJob,
    private readonly alerts: Alerts,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.job.onCheck((status) => {
      this.chain = this.chain.then(() => this.follow(status)).catch((error: unknown) => this.logger.warn(`reconciliation alert not updated: ${String(error)}`));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.chain;
  }

  private async follow(status: ReconciliationStatus): Promise<void> {
    if (status.ok === true) {
      await this.alerts.clear('RECONCILE_MISMATCH', '');
      return;
    }
    if (status.ok !== false) return;
    const counts = {
      unbalancedAssets: status.report?.assets.filter((a) => !a.balanced).length ?? 0,
      mismatchedAccounts: status.report?.mismatchedAccounts.length ?? 0,
      negativeBalances: status.report?.negativeBalances.length ?? 0,
      lockedMismatches: status.lockedFunds?.mismatches.length ?? 0,
      openInterestImbalances: status.openInterest?.filter((l) => !l.balanced).length ?? 0,
      clearingMismatches: status.clearing?.filter((l) => !l.balanced).length ?? 0,
    };
    const found = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    await this.alerts.raise({
      code: 'RECONCILE_MISMATCH',
      subject: '',
      severity: 'critical',
      message: `reconciliation found ${found || 'a mismatch'} (GET /api/v1/admin/reconciliation)`,
      details: { ...counts, checkedAt: status.checkedAt, affectedSymbols: status.affectedSymbols, haltedSymbols: status.haltedSymbols },
    });
  }
}

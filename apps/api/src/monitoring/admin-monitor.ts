import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, ofType } from '@nestjs/cqrs';
import { LoginFailed, UserRegistered } from '@lib/auth';
import { Alerts, AppConfig, AuditLog, INSTANCE_ID, LeadershipLease, LeadershipService, type AuditEntry } from '@lib/platform';
import type { Namespace } from 'socket.io';
import { Subscription } from 'rxjs';
import type { AdminActivity, AdminInterServerEvents, AdminMetrics, AdminServerToClientEvents, AdminSocketData, InstanceReport } from './admin.events';
import { MONITORED_ALERTS, adminMetricsOf, alertConditionsOf } from './admin-snapshot';
import { ExchangeFlow } from './exchange-flow';
import { GlobalFacts, type GlobalFactsView } from './global-facts';
import { InstanceProbe } from './instance-probe';
import { LoginBursts } from './login-bursts';

export type AdminNamespace = Namespace<Record<string, never>, AdminServerToClientEvents, AdminInterServerEvents, AdminSocketData>;

/** The lease of the instance that evaluates the alert conditions. */
export const ALERTS_LEASE = 'admin.alerts';
/** A report older than this many intervals is an instance gone. */
const STALE_REPORTS = 3;
const AUDIT_PAGE = 50;

/**
 * The /admin namespace's engine (docs/admin-monitoring.md). Every
 * ADMIN_METRICS_INTERVAL_MS each instance takes its own figures
 * (InstanceProbe) and sends them to the others (the Redis adapter's
 * serverSideEmit), and keeps the latest report of every instance. An
 * instance with /admin sockets reads the exchange-wide facts and emits the
 * aggregate `metrics` to its own sockets; the `admin.alerts` lease holder
 * evaluates the alert conditions on the same aggregate and raises or clears
 * them (Alerts: the `alert` broadcast reaches every instance's admins).
 *
 * Activity: what the relay delivers (trades, liquidations, withdrawals) and
 * the audit log's new entries are seen by every instance, which tells its own
 * sockets; sign-ups and failed-login bursts happen on one instance, which
 * tells all (`server.emit` through the adapter).
 */
@Injectable()
export class AdminMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AdminMonitor');
  private server: AdminNamespace | undefined;
  private readonly reports = new Map<string, InstanceReport>();
  private readonly lease: LeadershipLease | undefined;
  private readonly bursts: LoginBursts;
  private readonly subscriptions: Subscription[] = [];
  private readonly unsubscribes: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastAuditSeq: bigint | undefined;
  private lastError: string | undefined;
  private last: AdminMetrics | undefined;
  /** A market not yet priced is only stale once the feed had ALERT_FEED_STALE_MS to price it (a fresh boot). */
  private readonly startedAt = Date.now();

  constructor(
    private readonly config: AppConfig,
    private readonly probe: InstanceProbe,
    private readonly flow: ExchangeFlow,
    private readonly facts: GlobalFacts,
    private readonly alerts: Alerts,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    leadership: LeadershipService,
  ) {
    this.lease = config.monitoring.alertsEnabled ? leadership.lease(ALERTS_LEASE) : undefined;
    this.bursts = new LoginBursts(config.monitoring.loginFailureBurst);
  }

  /** The latest aggregate this instance computed (undefined before its first, or while it has neither admins nor the alerts lease). */
  get latest(): AdminMetrics | undefined {
    return this.last;
  }

  /** Called by the gateway once its namespace exists. */
  attach(server: AdminNamespace): void {
    this.server = server;
    if (this.config.redis.url) {
      server.on('report', (report: InstanceReport) => {
        if (report && typeof report.instance === 'string' && report.instance !== INSTANCE_ID) this.reports.set(report.instance, report);
      });
      server.on('activity', (activity: AdminActivity) => server.local.emit('activity', activity));
    }
  }

  onApplicationBootstrap(): void {
    this.unsubscribes.push(
      this.alerts.onChange((alert) => this.server?.emit('alert', alert)),
      this.flow.onActivity((activity) => this.server?.local.emit('activity', activity)),
    );
    this.subscriptions.push(
      this.events.pipe(ofType(UserRegistered)).subscribe((e) => this.broadcast({ kind: 'SIGN_UP', at: e.at.toISOString(), summary: `user ${e.userId} signed up`, data: { userId: e.userId } })),
      this.events.pipe(ofType(LoginFailed)).subscribe((e) => {
        for (const burst of this.bursts.record(e.account, e.ip, e.at.getTime())) {
          const [kind, value] = [burst.key.slice(0, burst.key.indexOf(':')), burst.key.slice(burst.key.indexOf(':') + 1)];
          this.broadcast({
            kind: 'LOGIN_FAILURES',
            at: e.at.toISOString(),
            summary: `${burst.failures} failed logins within a minute for ${kind === 'ip' ? 'IP' : 'account'} ${value}`,
            data: { [kind === 'ip' ? 'ip' : 'account']: value, failures: burst.failures, windowMs: burst.windowMs },
          });
        }
      }),
    );
    this.lease?.start();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.running;
    await this.lease?.stop();
  }

  /** One interval's work (the timer's; public for tests). */
  async tick(now = Date.now()): Promise<void> {
    const server = this.server;
    if (!server) return;
    const report = await this.probe.take(socketCounts(server), now);
    this.reports.set(INSTANCE_ID, report);
    if (this.config.redis.url) server.serverSideEmit('report', report);
    for (const [instance, r] of this.reports) if (now - r.at > STALE_REPORTS * Math.max(r.intervalMs, this.config.monitoring.intervalMs)) this.reports.delete(instance);
    const flow = this.flow.take();
    const admins = server.sockets.size;
    const leader = this.lease?.isLeader ?? false;
    if (admins === 0) this.lastAuditSeq = undefined;
    if (admins === 0 && !leader) {
      this.last = undefined;
      return;
    }
    const facts = await this.facts.read(now);
    const reports = [...this.reports.values()];
    this.last = adminMetricsOf({ reports, flow, facts, intervalMs: this.config.monitoring.intervalMs, now });
    if (admins > 0) {
      server.local.emit('metrics', this.last);
      await this.tellAuditEntries(server);
    }
    if (leader) await this.syncAlerts(reports, now - this.startedAt > this.config.monitoring.feedStaleMs ? facts : withoutUnpriced(facts));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => (this.lastError = undefined))
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (message !== this.lastError) this.logger.warn(`monitoring interval failed: ${message}`);
          this.lastError = message;
        })
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.monitoring.intervalMs);
    this.timer.unref();
  }

  /** Raises what holds and is not open, clears what is open and no longer holds (only the monitored codes). */
  private async syncAlerts(reports: InstanceReport[], facts: GlobalFactsView): Promise<void> {
    const holding = new Map(alertConditionsOf(reports, facts, this.config.monitoring).map((c) => [`${c.code}|${c.subject}`, c]));
    const open = (await this.alerts.open()).filter((a) => MONITORED_ALERTS.includes(a.code));
    const openKeys = new Set(open.map((a) => `${a.code}|${a.subject}`));
    for (const [key, condition] of holding) if (!openKeys.has(key)) await this.alerts.raise(condition);
    for (const alert of open) if (!holding.has(`${alert.code}|${alert.subject}`)) await this.alerts.clear(alert.code, alert.subject);
  }

  /** New audit entries since the last interval, as activity to this instance's admins (every instance reads the same log). */
  private async tellAuditEntries(server: AdminNamespace): Promise<void> {
    const entries = await this.audit.page({ limit: AUDIT_PAGE });
    const newest = entries[0] ? BigInt(entries[0].seq) : 0n;
    const since = this.lastAuditSeq;
    this.lastAuditSeq = newest;
    if (since === undefined) return; // the first look: history is GET /admin/audit's
    for (const entry of entries.filter((e) => BigInt(e.seq) > since).reverse()) server.local.emit('activity', activityOfAudit(entry));
  }

  /** To every instance's admins: locally, and through the adapter to the others. */
  private broadcast(activity: AdminActivity): void {
    const server = this.server;
    if (!server) return;
    server.local.emit('activity', activity);
    if (this.config.redis.url) server.serverSideEmit('activity', activity);
  }
}

function activityOfAudit(entry: AuditEntry): AdminActivity {
  const after = entry.after as { status?: unknown } | null;
  const halted = entry.action === 'MARKET_UPDATED' && after?.status === 'HALTED' && (entry.before as { status?: unknown } | null)?.status !== 'HALTED';
  return {
    kind: halted ? 'MARKET_HALTED' : 'ADMIN_ACTION',
    at: entry.at,
    summary: `${entry.action} on ${entry.target}${entry.reason ? `: ${entry.reason}` : ''}`,
    data: { seq: entry.seq, action: entry.action, target: entry.target, actorId: entry.actorId, reason: entry.reason, requestId: entry.requestId },
  };
}

/** The facts without the markets never priced (they are not stale yet at boot). */
function withoutUnpriced(facts: GlobalFactsView): GlobalFactsView {
  return { ...facts, feedAgeMs: Object.fromEntries(Object.entries(facts.feedAgeMs).filter(([, age]) => age !== null)) };
}

/** This instance's sockets per namespace. */
function socketCounts(server: AdminNamespace): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, nsp] of server.server._nsps) counts[name] = nsp.sockets.size;
  return counts;
}

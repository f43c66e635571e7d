import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What an alert is about. Each (code, subject) is one condition: raised once, cleared when it ends. */
export type AlertCode = 'RECONCILE_MISMATCH' | 'STALE_FEED' | 'OUTBOX_LAG' | 'EVENT_LOOP_DELAY' | 'DATABASE_ERRORS' | 'INSURANCE_FUND_LOW';
export type AlertSeverity = 'warning' | 'critical';

/** A condition to raise: `subject` names what it is about (a market, an asset, an instance; '' for the whole exchange). */
export interface AlertCondition {
  readonly code: AlertCode;
  readonly subject: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** One alert as GET /admin/alerts and the /admin `alert` event carry it. */
export interface AlertView extends AlertCondition {
  readonly id: string;
  /** When it was raised (ISO 8601). */
  readonly since: string;
  /** When its condition ended (ISO 8601); null while open. */
  readonly clearedAt: string | null;
}

export type AlertListener = (alert: AlertView) => void;

interface AlertRow {
  id: string;
  code: AlertCode;
  subject: string;
  severity: AlertSeverity;
  message: string;
  details: Record<string, unknown> | null;
  raised_at: Date;
  cleared_at: Date | null;
}

const COLUMNS = 'id, code, subject, severity, message, details, raised_at, cleared_at';

/**
 * The alerts store (platform.alerts): a condition is raised once (the open
 * row's unique key holds across instances and restarts) and cleared once.
 * Whoever changes an alert tells the local listeners (the /admin gateway,
 * which broadcasts it to every instance's admins).
 */
@Injectable()
export class Alerts {
  private readonly logger = new Logger('Alerts');
  private readonly listeners = new Set<AlertListener>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onChange(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Raises the condition; null when it is open already (raised by this or another instance). */
  async raise(condition: AlertCondition, at = new Date()): Promise<AlertView | null> {
    const rows = (await this.dataSource.query(
      `INSERT INTO platform.alerts (id, code, subject, severity, message, details, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code, subject) WHERE cleared_at IS NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [randomUUID(), condition.code, condition.subject, condition.severity, condition.message, condition.details ?? null, at],
    )) as AlertRow[];
    const alert = rows[0] ? viewOf(rows[0]) : null;
    if (alert) {
      const log = condition.severity === 'critical' ? 'error' : 'warn';
      this.logger[log](`alert ${alert.code}${alert.subject ? ` (${alert.subject})` : ''}: ${alert.message}`);
      this.tell(alert);
    }
    return alert;
  }

  /** Clears the open alert of (code, subject); null when none is open. */
  async clear(code: AlertCode, subject: string, at = new Date()): Promise<AlertView | null> {
    const rows = (await this.dataSource.query(
      `WITH cleared AS (
         UPDATE platform.alerts SET cleared_at = $3 WHERE code = $1 AND subject = $2 AND cleared_at IS NULL RETURNING ${COLUMNS})
       SELECT * FROM cleared`,
      [code, subject, at],
    )) as AlertRow[];
    const alert = rows[0] ? viewOf(rows[0]) : null;
    if (alert) {
      this.logger.log(`alert ${alert.code}${alert.subject ? ` (${alert.subject})` : ''} cleared`);
      this.tell(alert);
    }
    return alert;
  }

  /** The open alerts, oldest first. */
  async open(): Promise<AlertView[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM platform.alerts WHERE cleared_at IS NULL ORDER BY raised_at, id`)) as AlertRow[];
    return rows.map(viewOf);
  }

  /** Alerts cleared at or after `since`, newest first (at most `limit`). */
  async recent(since: Date, limit: number): Promise<AlertView[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM platform.alerts WHERE cleared_at >= $1::timestamptz
        ORDER BY cleared_at DESC, id LIMIT $2`,
      [since, limit],
    )) as AlertRow[];
    return rows.map(viewOf);
  }

  private tell(alert: AlertView): void {
    for (const listener of this.listeners) {
      try {
        listener(alert);
      } catch (error) {
        this.logger.warn(`alert listener failed: ${String(error)}`);
      }
    }
  }
}

function viewOf(row: AlertRow): AlertView {
  return {
    id: row.id,
    code: row.code,
    subject: row.subject,
    severity: row.severity,
    message: row.message,
    ...(row.details ? { details: row.details } : {}),
    since: row.raised_at.toISOString(),
    clearedAt: row.cleared_at?.toISOString() ?? null,
  };
}

import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { HistoryEntry, HistoryKind, PriceAlertRepository, StoredAlert } from '../application/ports';
import { AlertCondition, AlertSource, AlertStatus } from '../domain';

interface Row {
  id: string;
  user_id: string;
  symbol: string;
  condition: string;
  source: string;
  target: string;
  scale: number;
  recurring: boolean;
  rises: boolean;
  generation: number;
  status: string;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `a.id, a.user_id, a.symbol, a.condition, a.source, a.target::text AS target, a.scale, a.recurring, a.rises, a.generation, a.status, a.expires_at, a.created_at, a.updated_at`;

const toAlert = (r: Row): StoredAlert => ({
  id: r.id,
  userId: r.user_id,
  symbol: r.symbol,
  condition: r.condition as AlertCondition,
  source: r.source as AlertSource,
  target: BigInt(r.target),
  scale: Number(r.scale),
  recurring: r.recurring,
  rises: r.rises,
  generation: Number(r.generation),
  status: r.status as AlertStatus,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** price_alerts.* in plain SQL, in the ambient transaction when there is one. */
@Injectable()
export class SqlPriceAlertRepository extends PriceAlertRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async lockUser(userId: string): Promise<void> {
    await this.tx.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('price_alerts:' || $1, 0))`, [userId]);
  }

  async countActive(userId: string): Promise<number> {
    const rows: { n: string }[] = await this.tx.tx.query(`SELECT count(*)::text AS n FROM price_alerts.alerts WHERE user_id = $1 AND status = 'ACTIVE'`, [userId]);
    return Number(rows[0]!.n);
  }

  async insert(a: StoredAlert): Promise<void> {
    await this.tx.tx.query(
      `INSERT INTO price_alerts.alerts (id, user_id, symbol, condition, source, target, scale, recurring, rises, generation, status, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [a.id, a.userId, a.symbol, a.condition, a.source, a.target.toString(), a.scale, a.recurring, a.rises, a.generation, a.status, a.expiresAt, a.createdAt, a.updatedAt],
    );
  }

  async ofUser(userId: string, id: string): Promise<StoredAlert | null> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM price_alerts.alerts a WHERE a.id = $1 AND a.user_id = $2`, [id, userId]);
    return rows[0] ? toAlert(rows[0]) : null;
  }

  async byId(id: string): Promise<StoredAlert | null> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM price_alerts.alerts a WHERE a.id = $1`, [id]);
    return rows[0] ? toAlert(rows[0]) : null;
  }

  async activeOfUser(userId: string): Promise<StoredAlert[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM price_alerts.alerts a WHERE a.user_id = $1 AND a.status = 'ACTIVE' ORDER BY a.created_at, a.id`, [userId]);
    return rows.map(toAlert);
  }

  async allActive(): Promise<StoredAlert[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM price_alerts.alerts a WHERE a.status = 'ACTIVE'`);
    return rows.map(toAlert);
  }

  async step(id: string, fromGeneration: number, rises: boolean, status: AlertStatus, at: Date): Promise<boolean> {
    // A CTE: the statement is a SELECT, so the driver answers its rows.
    const rows: unknown[] = await this.tx.tx.query(
      `WITH s AS (UPDATE price_alerts.alerts SET rises = $3, status = $4, generation = generation + 1, updated_at = $5
         WHERE id = $1 AND status = 'ACTIVE' AND generation = $2 RETURNING id)
       SELECT id FROM s`,
      [id, fromGeneration, rises, status, at],
    );
    return rows.length === 1;
  }

  async cancel(userId: string, id: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.tx.tx.query(
      `WITH s AS (UPDATE price_alerts.alerts SET status = 'CANCELLED', generation = generation + 1, updated_at = $3
         WHERE id = $1 AND user_id = $2 AND status = 'ACTIVE' RETURNING id)
       SELECT id FROM s`,
      [id, userId, at],
    );
    return rows.length === 1;
  }

  async expireDue(now: Date, limit: number): Promise<StoredAlert[]> {
    const rows: Row[] = await this.tx.tx.query(
      `WITH due AS (SELECT id FROM price_alerts.alerts WHERE status = 'ACTIVE' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED),
            a AS (UPDATE price_alerts.alerts x SET status = 'EXPIRED', generation = x.generation + 1, updated_at = $1 FROM due WHERE x.id = due.id RETURNING x.*)
       SELECT ${COLUMNS} FROM a`,
      [now, limit],
    );
    return rows.map(toAlert);
  }

  async addHistory(e: { alertId: string; userId: string; kind: HistoryKind; price: bigint | null; pushed: boolean; at: Date }): Promise<void> {
    await this.tx.tx.query(`INSERT INTO price_alerts.history (alert_id, user_id, kind, price, pushed, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      e.alertId,
      e.userId,
      e.kind,
      e.price?.toString() ?? null,
      e.pushed,
      e.at,
    ]);
  }

  async history(userId: string, before: bigint | null, limit: number): Promise<HistoryEntry[]> {
    const rows: (Row & { h_id: string; kind: string; price: string | null; pushed: boolean; at: Date })[] = await this.tx.tx.query(
      `SELECT h.id::text AS h_id, h.kind, h.price::text AS price, h.pushed, h.at, ${COLUMNS}
         FROM price_alerts.history h JOIN price_alerts.alerts a ON a.id = h.alert_id
        WHERE h.user_id = $1 AND ($2::bigint IS NULL OR h.id < $2::bigint)
        ORDER BY h.id DESC LIMIT $3`,
      [userId, before?.toString() ?? null, limit],
    );
    return rows.map((r) => ({ id: BigInt(r.h_id), kind: r.kind as HistoryKind, price: r.price === null ? null : BigInt(r.price), pushed: r.pushed, at: r.at, alert: toAlert(r) }));
  }
}

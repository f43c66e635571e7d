import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { SignalFiringRecord, SignalRepository, SignalRulePatch, SignalRuleRecord } from '../application/ports';
import { ConditionInput, SignalDirection } from '../domain';

interface RuleRow {
  id: string;
  user_id: string;
  name: string;
  symbol: string;
  interval: string;
  conditions: ConditionInput[];
  direction: SignalDirection;
  horizon: number;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface FiringRow {
  id: string;
  rule_id: string;
  user_id: string;
  symbol: string;
  interval: string;
  open_time: Date;
  close: string;
  price_scale: number;
  fired_at: Date;
}

/** signals.rules and signals.firings. */
@Injectable()
export class SqlSignalRepository extends SignalRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async lockUser(userId: string): Promise<void> {
    await this.tx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('signals.user'), hashtext($1))`, [userId]);
  }

  async insert(r: SignalRuleRecord): Promise<void> {
    await this.tx.tx.query(
      `INSERT INTO signals.rules (id, user_id, name, symbol, interval, conditions, direction, horizon, active, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [r.id, r.userId, r.name, r.symbol, r.interval, JSON.stringify(r.conditions), r.direction, r.horizon, r.active, r.version, r.createdAt, r.updatedAt],
    );
  }

  async countOfUser(userId: string): Promise<number> {
    const [row] = (await this.tx.tx.query(`SELECT count(*)::int AS n FROM signals.rules WHERE user_id = $1`, [userId])) as [{ n: number }];
    return row.n;
  }

  async ofUser(userId: string): Promise<SignalRuleRecord[]> {
    return ((await this.tx.tx.query(`SELECT * FROM signals.rules WHERE user_id = $1 ORDER BY created_at, id`, [userId])) as RuleRow[]).map(ruleOf);
  }

  async find(userId: string, id: string): Promise<SignalRuleRecord | null> {
    const [row] = (await this.tx.tx.query(`SELECT * FROM signals.rules WHERE id = $1 AND user_id = $2`, [id, userId])) as RuleRow[];
    return row ? ruleOf(row) : null;
  }

  async update(userId: string, id: string, p: SignalRulePatch, at: Date): Promise<SignalRuleRecord | null> {
    const [row] = (await this.tx.tx.query(
      `WITH u AS (
         UPDATE signals.rules SET
           name = coalesce($3, name), conditions = coalesce($4::jsonb, conditions), direction = coalesce($5, direction),
           horizon = coalesce($6, horizon), active = coalesce($7, active), version = version + 1, updated_at = $8
         WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT * FROM u`,
      [id, userId, p.name ?? null, p.conditions ? JSON.stringify(p.conditions) : null, p.direction ?? null, p.horizon ?? null, p.active ?? null, at],
    )) as RuleRow[];
    return row ? ruleOf(row) : null;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const rows = (await this.tx.tx.query(`WITH d AS (DELETE FROM signals.rules WHERE id = $1 AND user_id = $2 RETURNING id) SELECT id FROM d`, [id, userId])) as unknown[];
    return rows.length === 1;
  }

  async activeOn(symbol: string, interval: string): Promise<SignalRuleRecord[]> {
    return ((await this.tx.tx.query(`SELECT * FROM signals.rules WHERE symbol = $1 AND interval = $2 AND active ORDER BY id`, [symbol, interval])) as RuleRow[]).map(ruleOf);
  }

  async recordFiring(f: SignalFiringRecord): Promise<boolean> {
    // A rule deleted meanwhile: its firing is not stored (the INSERT ... SELECT finds no rule).
    const rows = (await this.tx.tx.query(
      `INSERT INTO signals.firings (id, rule_id, user_id, symbol, interval, open_time, close, price_scale, fired_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM signals.rules WHERE id = $2)
       ON CONFLICT (rule_id, open_time) DO NOTHING RETURNING id`,
      [f.id, f.ruleId, f.userId, f.symbol, f.interval, f.openTime, f.close.toString(), f.priceScale, f.firedAt],
    )) as unknown[];
    return rows.length === 1;
  }

  async firings(ruleId: string, limit: number, before: Date | null): Promise<SignalFiringRecord[]> {
    const rows = (await this.tx.tx.query(
      `SELECT * FROM signals.firings WHERE rule_id = $1 AND ($2::timestamptz IS NULL OR open_time < $2) ORDER BY open_time DESC LIMIT $3`,
      [ruleId, before, limit],
    )) as FiringRow[];
    return rows.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      userId: r.user_id,
      symbol: r.symbol,
      interval: r.interval,
      openTime: r.open_time,
      close: BigInt(r.close),
      priceScale: r.price_scale,
      firedAt: r.fired_at,
    }));
  }
}

function ruleOf(r: RuleRow): SignalRuleRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    symbol: r.symbol,
    interval: r.interval,
    conditions: r.conditions,
    direction: r.direction,
    horizon: r.horizon,
    active: r.active,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

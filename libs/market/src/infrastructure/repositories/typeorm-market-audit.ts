import { Injectable } from '@nestjs/common';
import { newId } from '@lib/kernel';
import { AuditLog, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { MarketAudit, NewAuditEntry } from '../../application/ports';
import { InstrumentView, MarketAuditEntryView } from '../../application/views';
import { MarketAuditEntity } from '../entities/price.entities';

@Injectable()
export class TypeOrmMarketAudit extends MarketAudit {
  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  async record(entry: NewAuditEntry): Promise<void> {
    await this.tx.tx.query(
      `INSERT INTO market.admin_audit (id, admin_id, action, symbol, before, after, details, reason, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9)`,
      [
        newId(),
        entry.adminId,
        entry.action,
        entry.symbol,
        entry.before === null ? null : JSON.stringify(entry.before),
        JSON.stringify(entry.after),
        entry.details ? JSON.stringify(entry.details) : null,
        entry.reason ?? null,
        entry.at,
      ],
    );
    // The platform's hash-chained log too (every admin action, one chain).
    await this.audit.append({ actorId: entry.adminId, action: entry.action, target: `market:${entry.symbol}`, before: entry.before, after: entry.details ? { ...entry.after, details: entry.details } : entry.after, reason: entry.reason ?? null });
  }

  async list(symbol: string | undefined, limit: number): Promise<MarketAuditEntryView[]> {
    const rows = await this.tx.tx.getRepository(MarketAuditEntity).find({
      where: symbol ? { symbol } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      adminId: r.adminId,
      action: r.action as MarketAuditEntryView['action'],
      symbol: r.symbol,
      before: r.before as unknown as InstrumentView | null,
      after: r.after as unknown as InstrumentView,
      ...(r.details ? { details: r.details as unknown as NonNullable<MarketAuditEntryView['details']> } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

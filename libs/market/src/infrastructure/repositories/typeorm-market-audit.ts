import { Injectable } from '@nestjs/common';
import { newId } from '@lib/kernel';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { MarketAudit, NewAuditEntry } from '../../application/ports';
import { InstrumentView, MarketAuditEntryView } from '../../application/views';
import { MarketAuditEntity } from '../entities/price.entities';

@Injectable()
export class TypeOrmMarketAudit extends MarketAudit {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async record(entry: NewAuditEntry): Promise<void> {
    await this.tx.tx.query(
      `INSERT INTO market.admin_audit (id, admin_id, action, symbol, before, after, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
      [newId(), entry.adminId, entry.action, entry.symbol, entry.before === null ? null : JSON.stringify(entry.before), JSON.stringify(entry.after), entry.at],
    );
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
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

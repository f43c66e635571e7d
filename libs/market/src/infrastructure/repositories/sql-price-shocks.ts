import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { NewPriceShock, PriceShocks } from '../../application/ports';

@Injectable()
export class SqlPriceShocks extends PriceShocks {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async request(shock: NewPriceShock): Promise<void> {
    if (shock.replaces?.length) await this.tx.tx.query(`DELETE FROM market.price_shocks WHERE symbol = ANY($1::text[])`, [shock.replaces]);
    await this.tx.tx.query(`INSERT INTO market.price_shocks (symbol, price, admin_id, created_at, from_price, ends_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      shock.symbol,
      shock.price.toString(),
      shock.adminId,
      shock.at,
      shock.ramp?.from.toString() ?? null,
      shock.ramp?.endsAt ?? null,
    ]);
  }
}

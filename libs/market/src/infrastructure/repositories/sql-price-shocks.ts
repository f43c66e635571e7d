import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { NewPriceShock, PriceShocks } from '../../application/ports';

@Injectable()
export class SqlPriceShocks extends PriceShocks {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async request(shock: NewPriceShock): Promise<void> {
    await this.tx.tx.query(`INSERT INTO market.price_shocks (symbol, price, admin_id, created_at) VALUES ($1, $2, $3, $4)`, [
      shock.symbol,
      shock.price.toString(),
      shock.adminId,
      shock.at,
    ]);
  }
}

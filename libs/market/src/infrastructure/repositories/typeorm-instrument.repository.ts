import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { Instrument } from '../../domain';
import { InstrumentRepository } from '../../application/ports';
import { InstrumentEntity } from '../entities/instrument.entity';
import { toInstrument, toInstrumentEntity } from './instrument.mapper';

@Injectable()
export class TypeOrmInstrumentRepository extends InstrumentRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async lock(symbol: string): Promise<Instrument | undefined> {
    const row = await this.tx.tx.getRepository(InstrumentEntity).findOne({ where: { symbol }, lock: { mode: 'pessimistic_write' } });
    return row ? toInstrument(row) : undefined;
  }

  async insert(instrument: Instrument): Promise<boolean> {
    const result = await this.tx.tx
      .createQueryBuilder()
      .insert()
      .into(InstrumentEntity)
      .values(toInstrumentEntity(instrument))
      .orIgnore()
      .returning('symbol')
      .execute();
    // ON CONFLICT DO NOTHING RETURNING: no row back when the symbol exists.
    return (result.raw as unknown[]).length > 0;
  }

  async update(instrument: Instrument): Promise<void> {
    await this.tx.tx.getRepository(InstrumentEntity).save(toInstrumentEntity(instrument));
  }
}

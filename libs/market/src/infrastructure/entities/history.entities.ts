import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { InstrumentEntity } from './instrument.entity';

/** Where a market's live history begins: the minute of its first tick (HistoryStarts1763732200000). */
@Entity({ schema: 'market', name: 'history_starts' })
export class HistoryStartEntity {
  @ForeignKey(() => InstrumentEntity, { name: 'history_starts_symbol_fkey' })
  @PrimaryColumn('text')
  symbol!: string;

  @Column('timestamptz', { name: 'first_minute' }) firstMinute!: Date;
}

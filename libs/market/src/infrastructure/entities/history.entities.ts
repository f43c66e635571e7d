import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { InstrumentEntity } from './instrument.entity';

/** Where a market's live history begins: the minute of its first tick (HistoryStarts1763732200000). */
@Entity({ schema: 'market', name: 'history_starts' })
export class HistoryStartEntity {
  @ForeignKey(() => InstrumentEntity, { name: 'history_starts_symbol_fkey' })
  @PrimaryColumn('text')
  symbol!: string;

  @Column('timestamptz', { name: 'first_minute' }) firstMinute!: Date;
}

const numeric = (name: string) => ({ name, type: 'numeric' as const, precision: 38, scale: 0, transformer: bigintColumn });

/** An admin's imported candle (ImportedCandles1763732210000): wins over live and synthetic candles of its bucket. */
@Entity({ schema: 'market', name: 'imported_candles' })
@Check('imported_candles_interval_check', `interval IN ('1m', '5m', '15m', '1h', '4h', '1d')`)
@Check('imported_candles_ohlc_check', `low > 0 AND low <= open AND low <= close AND high >= open AND high >= close`)
@Check('imported_candles_volume_check', `volume IS NULL OR volume >= 0`)
export class ImportedCandleEntity {
  @ForeignKey(() => InstrumentEntity, { name: 'imported_candles_symbol_fkey' })
  @PrimaryColumn('text')
  symbol!: string;

  @PrimaryColumn('text') interval!: string;
  @PrimaryColumn('timestamptz', { name: 'open_time' }) openTime!: Date;
  @Column(numeric('open')) open!: bigint;
  @Column(numeric('high')) high!: bigint;
  @Column(numeric('low')) low!: bigint;
  @Column(numeric('close')) close!: bigint;
  /** As the file gave it (any scale). */
  @Column('numeric', { nullable: true }) volume!: string | null;
  @Column('timestamptz', { name: 'imported_at' }) importedAt!: Date;
  @Column('uuid', { name: 'import_id' }) importId!: string;
}

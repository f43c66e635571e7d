import { Instrument } from '../../domain';

/** Writes of the catalog, in the ambient transaction. */
export abstract class InstrumentRepository {
  /** The row locked for update; undefined when absent. */
  abstract lock(symbol: string): Promise<Instrument | undefined>;
  /** False when the symbol exists already. */
  abstract insert(instrument: Instrument): Promise<boolean>;
  abstract update(instrument: Instrument): Promise<void>;
}

import { CreateSignalsSchema1763732500000 } from './migrations/1763732500000-create-signals-schema';

/** No entities: the signals context reads and writes in plain SQL (SqlSignalRepository). */
export const SIGNALS_ENTITIES: (new () => unknown)[] = [];
export const SIGNALS_MIGRATIONS = [CreateSignalsSchema1763732500000];

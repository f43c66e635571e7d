import { CreateBacktestsSchema1763732300000 } from './migrations/1763732300000-create-backtests-schema';

/** No entities: the backtests context reads and writes in plain SQL (SqlBacktestRunRepository). */
export const BACKTESTS_ENTITIES: (new () => unknown)[] = [];
export const BACKTESTS_MIGRATIONS = [CreateBacktestsSchema1763732300000];

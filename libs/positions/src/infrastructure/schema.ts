import { CreatePositionsSchema1763730520000 } from './migrations/1763730520000-create-positions-schema';

/** No entities: the positions context reads and writes in plain SQL only (SqlPositionRepository). */
export const POSITIONS_ENTITIES: (new () => unknown)[] = [];
export const POSITIONS_MIGRATIONS = [CreatePositionsSchema1763730520000];

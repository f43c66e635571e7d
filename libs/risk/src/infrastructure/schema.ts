import { CreateRiskSchema1763730800000 } from './migrations/1763730800000-create-risk-schema';

/** No entities: the risk context reads and writes in plain SQL only (SqlFundingRepository). */
export const RISK_ENTITIES: (new () => unknown)[] = [];
export const RISK_MIGRATIONS = [CreateRiskSchema1763730800000];
